package kb

import "strings"

// Leaves returns the licence and exception ids of an SPDX expression, in order.
func Leaves(expr string) []string {
	r := strings.NewReplacer("(", " ", ")", " ")
	var ids []string
	for _, f := range strings.Fields(r.Replace(expr)) {
		switch strings.ToUpper(f) {
		case "AND", "OR", "WITH":
			continue
		}
		ids = append(ids, strings.TrimSuffix(f, "+"))
	}
	return ids
}
