package yamlnode

import (
	"strings"
	"testing"
)

func TestMergeKeys(t *testing.T) {
	roots, ws := Documents("compose.yml", []byte(`x-common: &common
  image: base:1
  restart: always
services:
  api:
    <<: *common
    image: api:2
  worker:
    <<: [*common]
`), "compose file")
	if len(ws) > 0 || len(roots) != 1 {
		t.Fatalf("roots %d, warnings %v", len(roots), ws)
	}
	services := Field(roots[0], "services")
	if got := Scalar(Field(services, "api"), "image"); got != "api:2" {
		t.Errorf("api image = %q, want api:2: a key the mapping sets beats the merged one", got)
	}
	if got := Scalar(Field(services, "worker"), "image"); got != "base:1" {
		t.Errorf("worker image = %q, want base:1 from the merged anchor", got)
	}
	var keys []string
	for _, p := range Pairs(Field(services, "api")) {
		keys = append(keys, p[0].Value)
	}
	if strings.Join(keys, ",") != "restart,image" {
		t.Errorf("api keys = %v, want the merged restart then its own image, once each", keys)
	}
}

func TestDocumentsKeepWhatParses(t *testing.T) {
	data := "apiVersion: v1\nkind: Pod\n---\nkind: Deployment\nspec:\n  a: [1,\n---\nkind: Service\n"
	roots, ws := Documents("k8s.yaml", []byte(data), "YAML")
	if len(roots) != 3 {
		t.Fatalf("%d documents, want 3: the broken one keeps its first lines", len(roots))
	}
	if Scalar(roots[2], "kind") != "Service" || roots[2].Line != 8 {
		t.Errorf("third document = %q at line %d, want Service at line 8", Scalar(roots[2], "kind"), roots[2].Line)
	}
	if Scalar(roots[1], "kind") != "Deployment" {
		t.Error("the part of the broken document before its fault was lost")
	}
	if len(ws) != 1 || ws[0].File != "k8s.yaml" || ws[0].Line != 6 || !strings.HasPrefix(ws[0].Message, "invalid YAML") {
		t.Errorf("warnings = %v, want one at k8s.yaml:6", ws)
	}
}

func TestAliasLoopIsBounded(t *testing.T) {
	roots, _ := Documents("bomb.yml", []byte("a: &a\n  <<: *a\n  x: 1\n"), "YAML")
	if len(roots) == 1 {
		_ = Pairs(Field(roots[0], "a")) // must return, not recurse for ever
	}
}
