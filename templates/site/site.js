// Draws every chart of the page. Each chart's options are plain JSON in a
// <script type="application/json"> block, produced and escaped by LWC; they
// are read with JSON.parse only. Strings are never evaluated, and go-echarts'
// "__f__" function convention is deliberately not supported: option text
// comes from district workbooks.
(function () {
  'use strict';
  document.documentElement.className += ' js';
  var charts = [];
  function draw() {
    if (typeof echarts === 'undefined') {
      return;
    }
    var font = window.getComputedStyle(document.body).fontFamily;
    var els = document.querySelectorAll('.chart[data-options]');
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var src = document.getElementById(el.getAttribute('data-options'));
      if (!src) {
        continue;
      }
      var option = JSON.parse(src.textContent);
      option.textStyle = { fontFamily: font };
      var chart = echarts.init(el, null, { renderer: 'canvas' });
      chart.setOption(option);
      el.setAttribute('data-drawn', 'true');
      charts.push(chart);
    }
  }
  var pending = false;
  window.addEventListener('resize', function () {
    if (pending) {
      return;
    }
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      for (var i = 0; i < charts.length; i++) {
        charts[i].resize();
      }
    });
  });
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
