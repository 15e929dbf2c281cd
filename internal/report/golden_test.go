package report

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/klacht/klacht/internal/i18n"
)

var update = flag.Bool("update", false, "write the golden files anew from what the code makes now")

// golden compares got with testdata/name, or writes it there with -update:
// a change to the wording is then one reviewed diff of the golden file.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to make it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from what the code writes now (go test -update, then review the diff):\n%s", path, got)
	}
}

// TestAnnualTextGolden: the yearly summary's text and table for a small
// year, in both languages, as the public reads them.
func TestAnnualTextGolden(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.NL, i18n.EN} {
		a := Annual{Year: 2019, Lang: string(lang), Total: 84, Handled: 80, Satisfied: 61, SmallBelow: 5, Categories: []CategoryFigure{
			{Key: "telemarketing", Label: "Telemarketing", N: 27, Satisfied: 20, Contacts: 85000, Rate: 0.32},
			{Key: "street_recruitment", Label: "Straatwerving", N: 22, Satisfied: 15, Contacts: 41000, Rate: 0.54},
			{Key: "privacy", Label: "Privacy/AVG", N: 3, Satisfied: 2, New: true},
			{Key: "other", Label: "Overig", N: 32, Satisfied: 24, Other: true},
		}}
		a.suppress()
		a.Paragraphs = a.write(lang, "Milieudefensie")
		text := a.Text() + "\n"
		for _, row := range Display(a.Table(), lang) {
			for i, cell := range row {
				if i > 0 {
					text += " | "
				}
				text += cell
			}
			text += "\n"
		}
		golden(t, "annual_2019_"+string(lang)+".golden", text)
	}
}
