package history

import (
	"bytes"
	"fmt"
	"math/rand/v2"

	"github.com/klacht/klacht/internal/sheet"
)

// Sample is an old register of n rows over the years 2019–2021 as a
// spreadsheet would hold it (labels in Dutch and English, dates written
// the Dutch way, some historical references), with a bad row every
// badEvery rows; bad maps each bad row's line to the field at fault. For
// tests and trials.
func Sample(n, badEvery int, seed uint64) (rows [][]string, bad map[int]string) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	categories := []string{"telemarketing", "Telemarketing", "Straatwerving", "street_recruitment", "Privacy",
		"Financieel", "Financial", "Levering en adressering"}
	channels := []string{"phone", "Telefoon", "E-mail", "email", "Post", "post"}
	statuses := []string{"", "closed", "Afgehandeld", "handled", "Gesloten"}
	rows = [][]string{{"Nummer", "Kenmerk", "Datum", "Kanaal", "Soort", "Omschrijving", "Lidnummer", "Naam", "Status",
		"Afgehandeld op", "Uitkomst", "Tevreden"}}
	bad = map[int]string{}
	for i := 1; i <= n; i++ {
		line := i + 1
		year := 2019 + r.IntN(3)
		day := 1 + r.IntN(28)
		month := 1 + r.IntN(12)
		received := fmt.Sprintf("%02d-%02d-%d", day, month, year)
		handled := fmt.Sprintf("%02d-%02d-%d", min(day+r.IntN(10)+1, 28), month, year)
		ref := ""
		if i%50 == 0 {
			ref = fmt.Sprintf("K-%d-%05d", year, 90000+i) // the old register's own numbers, kept
		}
		row := []string{fmt.Sprint("OUD-", i), ref, received, channels[r.IntN(len(channels))],
			categories[r.IntN(len(categories))], fmt.Sprint("Klacht ", i, " uit het oude register: te vaak gebeld."),
			fmt.Sprint(100000 + r.IntN(50000)), fmt.Sprint("Lid ", i), statuses[r.IntN(len(statuses))], handled,
			"Uitgelegd en afgemeld.", []string{"", "ja", "nee"}[r.IntN(3)]}
		if badEvery > 0 && i%badEvery == 0 {
			switch (i / badEvery) % 4 {
			case 0:
				row[2], bad[line] = "31-02-2020", "received_at"
			case 1:
				row[4], bad[line] = "Buitenaards", "category"
			case 2:
				row[5], bad[line] = "", "description"
			case 3:
				row[0], bad[line] = "", "id"
			}
		}
		rows = append(rows, row)
	}
	return rows, bad
}

// SampleCSV is Sample as a semicolon-separated CSV file, as Dutch Excel
// saves it.
func SampleCSV(n, badEvery int, seed uint64) ([]byte, map[int]string) {
	rows, bad := Sample(n, badEvery, seed)
	var buf bytes.Buffer
	w := sheet.NewWriter(&buf)
	w.Comma = ';'
	if err := w.WriteAll(rows); err != nil {
		panic(err) // writing to memory
	}
	return buf.Bytes(), bad
}
