// Package templates holds the texts staff may want to read or change, as
// files: the commented lwc.toml of a new workspace, the site's page
// templates, the memo wording and the workbook instructions. They are
// embedded in the binary; FS is the read-only view.
package templates

import "embed"

// FS holds every template file, by its path below this folder, e.g.
// "lwc.toml", "site/page.html", "memo/texts.toml", "workbook/instructions.txt".
//
//go:embed lwc.toml all:site all:memo all:workbook
var FS embed.FS

// Read returns one template file.
func Read(name string) ([]byte, error) { return FS.ReadFile(name) }
