// Package match is a local placeholder until the real package is merged. DO NOT COMMIT.
package match

type Kind uint8

const (
	License Kind = iota
	Notice
)

type Match struct {
	ID         string
	Kind       Kind
	Start, End int
}
type Result struct {
	Matches  []Match
	Coverage float64
}

func Scan(text []byte) Result { return Result{} }
