package graph

import (
	"maps"
	"slices"
	"testing"
)

func TestMark(t *testing.T) {
	edges := map[string][]string{"a": {"b", "c"}, "b": {"d"}, "d": {"b"}, "e": {"a"}, "f": {"f"}}
	seen := map[string]bool{}
	Mark(edges, seen, "b")
	if got := slices.Sorted(maps.Keys(seen)); !slices.Equal(got, []string{"b", "d"}) {
		t.Errorf("from b: %q", got)
	}
	Mark(edges, seen, "a", "f") // b and d are not walked again
	if got := slices.Sorted(maps.Keys(seen)); !slices.Equal(got, []string{"a", "b", "c", "d", "f"}) {
		t.Errorf("then from a and f: %q", got)
	}
}
