package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestImportMembers(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "k.db")
	file := filepath.Join(dir, "leden.csv")
	writeFile(t, file, "Lidnummer;Naam;E-mail;Telefoon\n1;Ans;ans@example.nl;020-1234567\n;Niemand;;\n2;Bert;geen-adres;\n3;Cor;cor@example.nl;\n1;Ans weer;;\n")
	code, out, errText := runCmd(t, "", nil, "import", "members", file, "--db", db, "--lang", "en", "--dry-run")
	if code != 0 || !strings.Contains(out, "Nothing was imported: 2 members would replace the 0 of the member file; 3 rows refused.") {
		t.Fatalf("dry run = %d %q %q", code, out, errText)
	}
	code, out, _ = runCmd(t, "", nil, "import", "members", file, "--db", db, "--lang", "en")
	for _, want := range []string{"Row 3: member_number: ", "Row 4: email: ", "Row 6: member_number: Member number 1 was already on row 2",
		"2 members in the file; 3 refused; the member file held 0 before"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if code != 1 {
		t.Errorf("exit %d, want 1 (rows refused)", code)
	}
	writeFile(t, file, "member_number,name\n3,Cor\n")
	if code, out, _ := runCmd(t, "", nil, "import", "members", file, "--db", db, "--lang", "en"); code != 0 ||
		!strings.Contains(out, "1 members in the file; 0 refused; the member file held 2 before") {
		t.Errorf("replace = %d %s", code, out)
	}
	writeFile(t, file, "naam\nAns\n")
	if code, _, errText := runCmd(t, "", nil, "import", "members", file, "--db", db, "--lang", "en"); code != 1 ||
		!strings.Contains(errText, "member_number") {
		t.Errorf("no member number column = %d %s", code, errText)
	}
	if code, _, errText := runCmd(t, "", nil, "import", "members", "--db", db); code != 2 || !strings.Contains(errText, "give the file") {
		t.Errorf("no file = %d %s", code, errText)
	}
}
