package lines

import "testing"

func TestAt(t *testing.T) {
	data := []byte("ab\ncd\n\nxyz")
	x := New(data)
	for _, c := range []struct{ off, line, col int }{
		{0, 1, 1}, {1, 1, 2}, {2, 1, 3}, {3, 2, 1}, {5, 2, 3}, {6, 3, 1}, {7, 4, 1}, {9, 4, 3}, {50, 4, 44}, {-3, 1, 1},
	} {
		line, col := x.At(c.off)
		if line != c.line || col != c.col {
			t.Errorf("At(%d) = %d:%d, want %d:%d", c.off, line, col, c.line, c.col)
		}
		if got := Of(data, c.off); got != c.line && c.off < len(data) && c.off >= 0 {
			t.Errorf("Of(%d) = %d, want %d", c.off, got, c.line)
		}
	}
	if x.Count() != 4 || x.Start(2) != 3 || x.Start(5) != -1 || x.Start(0) != -1 {
		t.Errorf("Count %d, Start(2) %d, Start(5) %d", x.Count(), x.Start(2), x.Start(5))
	}
}
