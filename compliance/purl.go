package compliance

import (
	"strings"

	"github.com/distribution/reference"
	"github.com/package-url/packageurl-go"
)

// purl is the package URL of a component, or "" when it has none (an
// engine known only from an export, an unparseable image name): npm with
// its scope as namespace, PyPI normalised, Go with the module path's
// directory as namespace, container images as pkg:docker with a registry
// other than Docker Hub as repository_url.
func purl(eco Ecosystem, name, version string) string {
	var p packageurl.PackageURL
	switch eco {
	case NPM:
		ns, base := "", name
		if i := strings.LastIndex(name, "/"); strings.HasPrefix(name, "@") && i > 0 {
			ns, base = name[:i], name[i+1:]
		}
		p = *packageurl.NewPackageURL(packageurl.TypeNPM, ns, base, version, nil, "")
	case PyPI:
		p = *packageurl.NewPackageURL(packageurl.TypePyPi, "", name, version, nil, "")
	case Golang:
		ns, base := "", name
		if i := strings.LastIndex(name, "/"); i > 0 {
			ns, base = name[:i], name[i+1:]
		}
		p = *packageurl.NewPackageURL(packageurl.TypeGolang, ns, base, version, nil, "")
	case Container:
		named, err := reference.ParseNormalizedNamed(name)
		if err != nil {
			return ""
		}
		repo := reference.Path(named)
		var qs packageurl.Qualifiers
		if domain := reference.Domain(named); domain == "docker.io" {
			repo = strings.TrimPrefix(repo, "library/")
		} else {
			qs = packageurl.QualifiersFromMap(map[string]string{"repository_url": domain})
		}
		ns, base := "", repo
		if i := strings.LastIndex(repo, "/"); i > 0 {
			ns, base = repo[:i], repo[i+1:]
		}
		p = *packageurl.NewPackageURL(packageurl.TypeDocker, ns, base, version, qs, "")
	default:
		return ""
	}
	if err := p.Normalize(); err != nil {
		return ""
	}
	return p.ToString()
}
