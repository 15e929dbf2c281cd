package report

import "strconv"

// Bar is one bar of a chart: its label and count, and where it is drawn
// in a 360×140 picture (SVG user units).
type Bar struct {
	Label       string
	N           int
	Text        string // the count as written above the bar
	X, Y, H, TY int
}

// Bars lays out a bar chart of counts, left to right; the tallest bar is
// 100 units high, and there is room for five to seven bars.
func Bars(labels []string, counts []int) []Bar {
	maxN := 1
	for _, n := range counts {
		maxN = max(maxN, n)
	}
	step := 70
	if len(counts) > 5 {
		step = 350 / len(counts)
	}
	out := make([]Bar, len(counts))
	for i, n := range counts {
		h := n * 100 / maxN
		out[i] = Bar{Label: labels[i], N: n, Text: strconv.Itoa(n), X: i*step + 10, Y: 120 - h, H: h, TY: 115 - h}
	}
	return out
}

// ReceivedBars is the evaluation's chart: complaints received per
// quarter, the oldest on the left.
func (ev Evaluation) ReceivedBars() []Bar {
	var labels []string
	var counts []int
	for i := len(ev.Columns) - 1; i >= 0; i-- {
		labels = append(labels, ev.Columns[i].Quarter)
		counts = append(counts, ev.Columns[i].Received)
	}
	return Bars(labels, counts)
}

// CategoryBars is the summary's chart: complaints per category. A small
// count's bar is drawn at the threshold's height and labelled "< N", so
// the picture does not give away what the text keeps back.
func (a Annual) CategoryBars() []Bar {
	var labels []string
	var counts []int
	for _, c := range a.Categories {
		labels = append(labels, c.Label)
		counts = append(counts, a.drawnOf(c))
	}
	bars := Bars(labels, counts)
	for i, c := range a.Categories {
		if b := a.bound(c); b > 0 {
			bars[i].N, bars[i].Text = 0, "< "+strconv.Itoa(b)
		}
	}
	return bars
}

// drawnOf is the height a chart draws for a category: its bound when its
// count is hidden.
func (a Annual) drawnOf(c CategoryFigure) int {
	if b := a.bound(c); b > 0 {
		return b
	}
	return c.N
}
