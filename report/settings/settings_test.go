package settings

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"lwc/templates"
)

// The commented lwc.toml of a new workspace must say exactly the defaults, so
// that deleting a line changes nothing.
func TestTemplateEqualsDefault(t *testing.T) {
	data, err := templates.Read("lwc.toml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatalf("Load(template): %v", err)
	}
	if want := Default(); !reflect.DeepEqual(got, want) {
		t.Errorf("template settings differ from Default():\n got %+v\nwant %+v", got, want)
	}
}

func TestLoadRejects(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"unknown key", "[figures]\ntarget_mod = \"step\"\n", "figures.target_mod"},
		{"bad mode", "[figures]\ntarget_mode = \"cubic\"\n", "target_mode"},
		{"bad security", "[smtp]\nsecurity = \"ssl3\"\n", "smtp.security"},
		{"syntax", "[figures\n", "อ่านไฟล์ตั้งค่า"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			os.WriteFile(path, []byte(tc.text), 0o644)
			_, err := Load(path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Load = %v, want error containing %q", err, tc.want)
			}
		})
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.toml")); err == nil || !strings.Contains(err.Error(), "lwc init") {
		t.Errorf("missing file: %v", err)
	}
}
