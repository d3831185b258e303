/* stand-in for echarts.min.js in tests that do not draw */
