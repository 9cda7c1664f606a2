package project

// MaxHCLDepth bounds how deeply a Terraform file's brackets nest. The HCL
// parser recurses once per level and holds every level's expression, so a
// 100 KB file of nested parentheses overflows the stack or takes most of a
// gigabyte; real configurations nest a few dozen levels at most.
const MaxHCLDepth = 256

// hclTooDeep scans data for brackets ((, [, {) nested deeper than limit,
// outside strings and comments, and returns the offset of the first
// bracket past limit, or -1. It is a byte scan that allocates nothing, so it
// can run before the parser does. Heredocs are scanned as code: their
// brackets can only make a file look deeper, never hide depth.
func hclTooDeep(data []byte, limit int) int {
	level := 0
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '"':
			for i++; i < len(data) && data[i] != '"' && data[i] != '\n'; i++ {
				if data[i] == '\\' {
					i++
				}
			}
		case '#':
			i = lineEnd(data, i)
		case '/':
			if i+1 < len(data) && data[i+1] == '/' {
				i = lineEnd(data, i)
			} else if i+1 < len(data) && data[i+1] == '*' {
				i += 2
				for i+1 < len(data) && !(data[i] == '*' && data[i+1] == '/') {
					i++
				}
				i++
			}
		case '(', '[', '{':
			if level++; level > limit {
				return i
			}
		case ')', ']', '}':
			level = max(level-1, 0)
		}
	}
	return -1
}

// lineEnd is the offset of the newline that ends the line holding i, or
// the last offset of data.
func lineEnd(data []byte, i int) int {
	for i < len(data) && data[i] != '\n' {
		i++
	}
	return i
}
