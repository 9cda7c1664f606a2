package secrets

import (
	"slices"
	"strings"
	"testing"
)

// FuzzScanTextOracle: on any text, ScanText and ScanValue give the old
// hardening logic's matches.
func FuzzScanTextOracle(f *testing.F) {
	for _, s := range oracleSeeds {
		f.Add(s)
	}
	for _, s := range samples() {
		for _, v := range s.pos {
			f.Add("KEY = \"" + v + "\"\nVALUE=" + v)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, dotenv := range []bool{false, true} {
			got, want := asOracle(ScanText([]byte(s), dotenv)), newOracle.scanText([]byte(s), dotenv)
			if !slices.Equal(got, want) {
				t.Fatalf("dotenv %v: ScanText = %v, oracle = %v", dotenv, got, want)
			}
		}
		if got, want := asOracle(ScanValue("api_key", s)), newOracle.scanValue("api_key", s); !slices.Equal(got, want) {
			t.Fatalf("ScanValue = %v, oracle = %v", got, want)
		}
	})
}

// keep strings imported for the fuzz targets below.
var _ = strings.Contains
