package charts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFindECharts(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "src")            // a source checkout after npm ci
	nm := filepath.Join(src, nodeModulesECharts) // its node_modules copy
	writeFile(t, nm, "echarts")
	exeDir := filepath.Join(root, "opt", "lwc", "bin")
	shared := filepath.Join(root, "opt", "lwc", "share", "lwc", EChartsFile)
	writeFile(t, shared, "echarts")
	given := filepath.Join(root, "given", EChartsFile)
	writeFile(t, given, "echarts")
	empty := filepath.Join(root, "empty", EChartsFile)
	writeFile(t, empty, "")
	elsewhere := filepath.Join(root, "elsewhere")
	if err := os.MkdirAll(elsewhere, 0o755); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name                   string
		setting, env, exe, cwd string
		want                   string
		wantErr                string
	}{
		{"setting file", given, "", "", elsewhere, given, ""},
		{"setting folder", filepath.Dir(given), "", "", elsewhere, given, ""},
		{"setting wins over env", given, shared, "", elsewhere, given, ""},
		{"env", "", given, "", elsewhere, given, ""},
		{"setting missing is an error, no fallback", filepath.Join(root, "nope.js"), "", "", src, "", "nope.js"},
		{"empty file is not ECharts", empty, "", "", src, "", "echarts.min.js"},
		{"share next to the executable", "", "", filepath.Join(exeDir, "lwc"), elsewhere, shared, ""},
		{"node_modules above the working folder", "", "", "", filepath.Join(src, "cmd", "lwc"), nm, ""},
		{"node_modules above the executable", "", "", filepath.Join(src, "lwc"), elsewhere, nm, ""},
		{"nowhere", "", "", filepath.Join(elsewhere, "lwc"), elsewhere, "", "npm ci"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := findECharts(tc.setting, tc.env, tc.exe, tc.cwd)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one naming %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

// TestNotFoundMessage: the error tells staff, in Thai and English, what to
// run.
func TestNotFoundMessage(t *testing.T) {
	dir := t.TempDir()
	_, err := findECharts("", "", filepath.Join(dir, "lwc"), dir)
	if err == nil {
		t.Fatal("found ECharts in an empty folder")
	}
	for _, want := range []string{"ไม่พบไฟล์ echarts.min.js", "npm ci", "LWC_ECHARTS", "not found"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q: %v", want, err)
		}
	}
}

// TestPinnedECharts: package.json pins the ECharts 5 release go-echarts
// v2.6.7 targets, exactly, and the lock file agrees.
func TestPinnedECharts(t *testing.T) {
	for _, f := range []string{"package.json", "package-lock.json"} {
		b, err := os.ReadFile(filepath.Join("..", f))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), `"echarts": "5.4.3"`) && !strings.Contains(string(b), `"version": "5.4.3"`) {
			t.Errorf("%s does not pin echarts 5.4.3", f)
		}
	}
}
