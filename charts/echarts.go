package charts

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// EChartsEnv names the environment variable that may point at echarts.min.js
// (or at a folder holding it).
const EChartsEnv = "LWC_ECHARTS"

// EChartsFile is the name of the ECharts script in the site's assets folder.
const EChartsFile = "echarts.min.js"

// nodeModulesECharts is where `npm ci` in the LWC source folder puts the
// script (package.json pins the version go-echarts targets).
const nodeModulesECharts = "node_modules/echarts/dist/echarts.min.js"

// FindECharts returns the path of echarts.min.js. The site copies it into its
// assets, because the intranet has no internet and pages must never load
// from a CDN. Looked for, in order:
//   - setting (lwc.toml or a flag), then $LWC_ECHARTS: a file, or a folder
//     holding echarts.min.js; when given, it must be there;
//   - next to the executable: <exe dir>/echarts.min.js, <exe dir>/../share/lwc/echarts.min.js;
//   - node_modules/echarts/dist/echarts.min.js in the working folder or any
//     folder above it, then in the executable's folder or any above it.
func FindECharts(setting string) (string, error) {
	exe, err := os.Executable()
	if err != nil {
		exe = ""
	} else if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	cwd, err := os.Getwd()
	if err != nil {
		cwd = ""
	}
	return findECharts(setting, os.Getenv(EChartsEnv), exe, cwd)
}

// findECharts is FindECharts with its environment as parameters, for tests.
func findECharts(setting, env, exe, cwd string) (string, error) {
	for _, given := range []struct{ name, path string }{{"ค่าตั้ง echarts", setting}, {EChartsEnv, env}} {
		if given.path == "" {
			continue
		}
		if p, ok := echartsAt(given.path); ok {
			return p, nil
		}
		return "", fmt.Errorf("ไม่พบไฟล์ echarts.min.js ที่ %s กำหนด (%s) / echarts.min.js not found at %s given by %s",
			given.name, given.path, given.path, given.name)
	}
	var tried []string
	var candidates []string
	if exe != "" {
		dir := filepath.Dir(exe)
		candidates = append(candidates,
			filepath.Join(dir, EChartsFile),
			filepath.Join(dir, "..", "share", "lwc", EChartsFile))
	}
	for _, start := range []string{cwd, dirOf(exe)} {
		if start == "" {
			continue
		}
		for dir := filepath.Clean(start); ; {
			candidates = append(candidates, filepath.Join(dir, filepath.FromSlash(nodeModulesECharts)))
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	for _, c := range candidates {
		if p, ok := echartsAt(c); ok {
			return p, nil
		}
		tried = append(tried, c)
	}
	return "", errors.New("ไม่พบไฟล์ echarts.min.js ที่ใช้สร้างหน้ากราฟ: ให้รันคำสั่ง `npm ci` ในโฟลเดอร์ซอร์สของ LWC " +
		"หรือวางไฟล์ echarts.min.js ไว้ข้างโปรแกรม lwc หรือกำหนดตำแหน่งด้วยตัวแปร " + EChartsEnv +
		" / echarts.min.js not found: run `npm ci` in the LWC source folder, put echarts.min.js next to the lwc program, or set " +
		EChartsEnv + " (looked in: " + strings.Join(tried, ", ") + ")")
}

func dirOf(p string) string {
	if p == "" {
		return ""
	}
	return filepath.Dir(p)
}

// echartsAt reports whether p is, or is a folder holding, a non-empty
// echarts.min.js, and returns the file's absolute path.
func echartsAt(p string) (string, bool) {
	fi, err := os.Stat(p)
	if err != nil {
		return "", false
	}
	if fi.IsDir() {
		p = filepath.Join(p, EChartsFile)
		if fi, err = os.Stat(p); err != nil {
			return "", false
		}
	}
	if !fi.Mode().IsRegular() || fi.Size() == 0 {
		return "", false
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return p, true
}
