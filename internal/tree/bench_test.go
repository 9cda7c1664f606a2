package tree

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tailscale/hujson"

	"github.com/mcp-comply/mcp-comply/internal/corpustest"
)

// packageJSONs reads the manifests of the installed n8n tree's packages
// (corpustest.N8n: node_modules/name/package.json,
// node_modules/@scope/name/package.json), the files the licence reader
// reads; or testdata's, on a machine without the tree.
func packageJSONs(b *testing.B) [][]byte {
	var files [][]byte
	filepath.WalkDir(corpustest.N8n, func(p string, d fs.DirEntry, err error) error {
		dir := filepath.Dir(p)
		parent := filepath.Dir(dir)
		installed := filepath.Base(parent) == "node_modules" ||
			strings.HasPrefix(filepath.Base(parent), "@") && filepath.Base(filepath.Dir(parent)) == "node_modules"
		if err == nil && !d.IsDir() && d.Name() == "package.json" && installed {
			if data, err := os.ReadFile(p); err == nil && json.Valid(data) {
				files = append(files, data)
			}
		}
		return nil
	})
	if len(files) == 0 {
		files = [][]byte{readFile(b, "package.json"), readFile(b, "mcp.json"), readFile(b, "vscode-mcp.json")}
	}
	return files
}

func lockfile(b *testing.B) []byte {
	if data, err := os.ReadFile(filepath.Join(corpustest.N8n, "package-lock.json")); err == nil {
		return data
	}
	return readFile(b, "package-lock.json")
}

// BenchmarkJSON compares the tree with encoding/json decoding the same
// files into map[string]any and into a struct of the fields the licence
// reader uses, and with hujson's parse alone (no tree).
func BenchmarkJSON(b *testing.B) {
	inputs := map[string][][]byte{"lockfile": {lockfile(b)}, "package.json": packageJSONs(b)}
	for _, name := range []string{"lockfile", "package.json"} {
		files := inputs[name]
		size := 0
		for _, f := range files {
			size += len(f)
		}
		// each runs decode on every file, in bytes per second.
		each := func(way string, decode func(b *testing.B, f []byte)) {
			b.Run(name+"/"+way, func(b *testing.B) {
				b.SetBytes(int64(size))
				b.ReportAllocs()
				for b.Loop() {
					for _, f := range files {
						decode(b, f)
					}
				}
			})
		}
		each("tree", func(b *testing.B, f []byte) {
			if _, errs := JSON(f, Limits{}); errs != nil && errs[0].Msg[:3] != "dup" {
				b.Fatal(errs)
			}
		})
		each("encoding-json", func(b *testing.B, f []byte) {
			dec := json.NewDecoder(bytes.NewReader(f))
			dec.UseNumber()
			var v map[string]any
			if err := dec.Decode(&v); err != nil {
				b.Fatal(err)
			}
		})
		// What the licence reader decodes today: a few fields into a struct.
		each("encoding-json-struct", func(b *testing.B, f []byte) {
			var pj struct {
				Name, Version, License string
				Dependencies           map[string]string
				DevDependencies        map[string]string `json:"devDependencies"`
				Packages               map[string]struct{ Version, License string }
			}
			json.Unmarshal(f, &pj) // a licence object is an error here, not a failure
		})
		each("hujson-parse-only", func(b *testing.B, f []byte) {
			if _, err := hujson.Parse(f); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// BenchmarkYAMLDocuments reads a stream of 10,000 small documents, which
// took 8 s when each document was padded with the lines before it.
func BenchmarkYAMLDocuments(b *testing.B) {
	data := []byte(manyDocuments(10_000))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if docs, _ := YAML(data, Limits{}); len(docs) != 10_000 {
			b.Fatal(len(docs))
		}
	}
}

func BenchmarkYAML(b *testing.B) {
	data := readFile(b, "docker-compose.yml")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		YAML(data, Limits{})
	}
}

func BenchmarkYAMLAliasBomb(b *testing.B) {
	data := []byte(billionLaughs)
	b.ReportAllocs()
	for b.Loop() {
		YAML(data, Limits{})
	}
}

func BenchmarkTOML(b *testing.B) {
	data := readFile(b, "pyproject.toml")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		TOML(data, Limits{})
	}
}
