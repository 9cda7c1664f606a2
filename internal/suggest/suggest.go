// Package suggest finds the names close to a mistyped one, for the
// "did you mean …?" of an error message.
package suggest

import "strings"

// Closest returns the candidates within two edits of word (ignoring
// case), or that word is a prefix of, nearest first, in candidate order
// among equals; at most three.
func Closest(word string, candidates []string) []string {
	type hit struct {
		s string
		d int
	}
	var hits []hit
	for _, c := range candidates {
		d := Distance(word, c)
		if d <= 2 || len(word) >= 3 && strings.HasPrefix(strings.ToLower(c), strings.ToLower(word)) {
			hits = append(hits, hit{c, d})
		}
	}
	for i := 1; i < len(hits); i++ { // insertion sort: stable, and short lists
		for j := i; j > 0 && hits[j].d < hits[j-1].d; j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	out := make([]string, 0, min(3, len(hits)))
	for _, h := range hits[:min(3, len(hits))] {
		out = append(out, h.s)
	}
	return out
}

// DidYouMean is " (did you mean a or b?)", or "" when nothing is close.
func DidYouMean(word string, candidates []string) string {
	c := Closest(word, candidates)
	if len(c) == 0 {
		return ""
	}
	return " (did you mean " + strings.Join(c, " or ") + "?)"
}

// Distance is the Levenshtein distance between two names, ignoring case.
func Distance(a, b string) int {
	s, t := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	row := make([]int, len(t)+1)
	for j := range row {
		row[j] = j
	}
	for i := range s {
		prev := row[0]
		row[0] = i + 1
		for j := range t {
			cost := 1
			if s[i] == t[j] {
				cost = 0
			}
			prev, row[j+1] = row[j+1], min(row[j+1]+1, row[j]+1, prev+cost)
		}
	}
	return row[len(t)]
}
