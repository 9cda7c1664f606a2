package hardening

import (
	"slices"
	"testing"
	"testing/fstest"
)

// Every text file of the tree is searched for secrets, as gitleaks searches
// a tree, so a token at HEAD is found there and not only in history; binary
// files, lockfiles and licence texts are not (their hashes are no
// credentials), nor engine exports, whose readers know their references.
func TestSecretsInEveryTextFile(t *testing.T) {
	token := "ghp_S7CDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	r := scanFS(t, fstest.MapFS{
		"requirements.txt":  {Data: []byte("requests==2.0\n# " + token + "\n")},
		"deploy/key.pem":    {Data: []byte("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACDzxR8pTJ7cJ8c0Yq8O8mHqbEkA9x7gKq7TnQ0fS8qXqwAAAJgq1xq0KtcK\n-----END OPENSSH PRIVATE KEY-----\n")},
		"docs/setup.md":     {Data: []byte("export GITHUB_TOKEN=" + token + "\n")},
		"logo.png":          {Data: []byte("\x89PNG " + token)},
		"data.bin.txt":      {Data: []byte("\x00\x01 " + token)},
		"package-lock.json": {Data: []byte(`{"name": "a", "lockfileVersion": 3, "packages": {"": {}}, "x": "` + token + `"}`)},
		"LICENSE":           {Data: []byte("MIT License " + token + "\n")},
		".secrets.baseline": {Data: []byte(`{"results": {"a.py": [{"hashed_secret": "` + token + `"}]}}`)},
	}, Options{})
	var files []string
	for _, s := range r.Secrets {
		if !slices.Contains(files, s.File) {
			files = append(files, s.File)
		}
	}
	slices.Sort(files)
	if want := []string{"deploy/key.pem", "docs/setup.md", "requirements.txt"}; !slices.Equal(files, want) {
		t.Errorf("secrets in %q, want %q", files, want)
	}
	for _, s := range r.Secrets {
		if s.Where != "file" {
			t.Errorf("%s: where = %q, want file", s.File, s.Where)
		}
	}
}

// A database URL to a local host in a text file of no other reader (a CI
// workflow's service container) is a development password, low; one to a
// remote host keeps its severity.
func TestLocalDatabaseURLInTextFileIsDev(t *testing.T) {
	r := scanFS(t, fstest.MapFS{
		".github/workflows/test.yml": {Data: []byte("env:\n  DB: postgresql://app:dev_password_1@127.0.0.1:5432/test\n")},
		"deploy/notes.txt":           {Data: []byte("DB=postgresql://app:Zq8rT2vLx9@db.acme-prod.io:5432/prod\n")},
	}, Options{})
	dev := map[string]bool{}
	for _, s := range r.Secrets {
		dev[s.File] = s.Dev
	}
	if len(dev) != 2 || !dev[".github/workflows/test.yml"] || dev["deploy/notes.txt"] {
		t.Errorf("dev = %v, want the local URL dev and the remote one not", dev)
	}
}
