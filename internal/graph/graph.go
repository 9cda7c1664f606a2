// Package graph walks the small directed graphs the analyzers build, held
// as a map from a node to the nodes it leads to: a lockfile's packages to
// their dependencies, the inventory's components to theirs, a project's
// modules to the modules they import.
package graph

// Mark adds to seen every node reachable from the roots (the roots
// included) through edges. A node already in seen is not walked again, so
// successive calls with one seen grow one reached set. It walks with a
// stack of its own, so a long chain costs no deep recursion.
func Mark(edges map[string][]string, seen map[string]bool, roots ...string) {
	var stack []string
	for _, r := range roots {
		if !seen[r] {
			seen[r] = true
			stack = append(stack, r)
		}
	}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, m := range edges[n] {
			if !seen[m] {
				seen[m] = true
				stack = append(stack, m)
			}
		}
	}
}
