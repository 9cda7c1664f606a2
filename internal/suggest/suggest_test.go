package suggest

import (
	"slices"
	"testing"
)

func TestClosest(t *testing.T) {
	keys := []string{"extends", "intended_uses", "market", "fail_on", "licenses", "waivers"}
	for _, c := range []struct {
		word string
		want []string
	}{
		{"fial_on", []string{"fail_on"}},
		{"waiver", []string{"waivers"}},
		{"Market", []string{"market"}},
		{"intended", []string{"intended_uses"}},
		{"teleport", nil},
	} {
		if got := Closest(c.word, keys); !slices.Equal(got, c.want) {
			t.Errorf("Closest(%q) = %q, want %q", c.word, got, c.want)
		}
	}
	if got := DidYouMean("licences", keys); got != " (did you mean licenses?)" {
		t.Errorf("DidYouMean: %q", got)
	}
	if Distance("kitten", "sitting") != 3 {
		t.Error("Distance(kitten, sitting) != 3")
	}
}
