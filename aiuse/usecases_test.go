package aiuse

import (
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
)

// Every row of the table matches its positive samples as its own category
// and none of its negative ones, and no sample of one category is taken
// for another.
func TestUseCaseSamples(t *testing.T) {
	cs := categories()
	if len(cs) < 8 {
		t.Fatalf("%d categories, want the eight Annex III rows", len(cs))
	}
	for _, c := range cs {
		if len(c.Samples.Match) == 0 || len(c.Samples.No) == 0 {
			t.Errorf("%s: needs positive and negative samples", c.ID)
		}
		for _, s := range c.Samples.Match {
			if _, ok := c.match(s, strings.ToLower(s)); !ok {
				t.Errorf("%s does not match its sample %q", c.ID, s)
			}
		}
		for _, s := range c.Samples.No {
			for _, h := range useCases(s) {
				t.Errorf("%s: negative sample %q is taken for %s (%q)", c.ID, s, h.category, h.phrase)
			}
		}
	}
}

func TestUseCaseWindow(t *testing.T) {
	text := "You are a helpful assistant for Acme Corp. Your job is to screen the CVs of applicants against the job description."
	hs := useCases(text)
	if len(hs) != 1 || hs[0].category != "recruitment" {
		t.Fatalf("got %+v", hs)
	}
	if w := window(text, hs[0]); w == "" || len([]rune(w)) > 200 {
		t.Errorf("window %q", w)
	}
}

// The cues of a pattern are what it requires: a text without any of them
// does not match it.
func TestCues(t *testing.T) {
	for _, c := range []struct {
		pattern string
		want    []string
	}{
		{`\b(cv|résumé)s?\b[^.]{0,4}\bscreen`, []string{"screen"}}, // the longest the pattern requires
		{`\b(cv|resume|résumé)s?\b`, []string{"cv", "resume", "résumé"}},
		{`\bcredit[ -]?(scor\w*|risk)`, []string{"credit"}},
		{`\b(recruit\w*|\w+)`, nil},
		{`(招聘|简历筛选)`, []string{"招聘", "简历筛选"}},
	} {
		re, err := syntax.Parse("(?i)"+c.pattern, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if got := cues(re.Simplify()); !slices.Equal(got, c.want) {
			t.Errorf("%s: cues %q, want %q", c.pattern, got, c.want)
		}
	}
	for _, cat := range categories() {
		for _, p := range cat.phrases {
			if p.cues == nil {
				t.Errorf("%s: %s requires no literal: every text pays for it", cat.ID, p.re)
			}
		}
	}
}
