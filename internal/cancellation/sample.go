package cancellation

import (
	"bytes"
	"fmt"
	"math/rand/v2"
)

// SampleCSV makes a cancellations CSV of n rows in which about one row in
// badEvery is bad in one of four ways (no member number, a bad date, an
// unknown reason, a duplicate id). It returns the file and the line number
// of every bad row with what is wrong with it. For tests, demos and
// benchmarks.
func SampleCSV(n, badEvery int, seed uint64) ([]byte, map[int]string) {
	r := rand.New(rand.NewPCG(seed, 1))
	var b bytes.Buffer
	b.WriteString("id,member_number,name,email,city,date,reason,reason_text\n")
	bad := map[int]string{}
	reasons := []string{
		"moved",
		"financial",
		"disagrees_campaign",
		"contact_annoyance",
		"privacy",
		"deceased",
		"unknown",
		"unknown",
		"other",
	}
	names := []string{
		"Jansen",
		"de Vries",
		"van den Berg",
		"Bakker",
		"Visser",
		"Smit",
		"Meijer",
		"de Boer",
		"Mulder",
		"Bos",
	}
	for i := 1; i <= n; i++ {
		line := i + 1
		id, member, date, reason := fmt.Sprintf("OPZ-%06d", i), fmt.Sprintf("%07d", 1000000+r.IntN(900000)),
			fmt.Sprintf("2026-%02d-%02d", 1+r.IntN(10), 1+r.IntN(28)), reasons[r.IntN(len(reasons))]
		if badEvery > 0 && i%badEvery == 0 {
			switch (i / badEvery) % 4 {
			case 0:
				member, bad[line] = "", "member_number"
			case 1:
				date, bad[line] = "31-02-2026x", "date"
			case 2:
				reason, bad[line] = "alien_abduction", "reason"
			case 3:
				id, bad[line] = fmt.Sprintf("OPZ-%06d", i-1), "id"
			}
		}
		text := ""
		if reason == "other" {
			text = "Te veel post"
		}
		fmt.Fprintf(
			&b,
			"%s,%s,%s %s,%s@example.nl,Utrecht,%s,%s,%s\n",
			id,
			member,
			[]string{"Anna", "Bram", "Cor", "Dina"}[r.IntN(4)],
			names[r.IntN(len(names))],
			id,
			date,
			reason,
			text,
		)
	}
	return b.Bytes(), bad
}
