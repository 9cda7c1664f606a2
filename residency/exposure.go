package residency

import (
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/host"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/tree"
)

// A model server (Ollama, vLLM, LocalAI, llama.cpp's server, TGI) has no
// authentication of its own: its API port reachable from outside the host
// or cluster is an open model API. The images listen on every interface
// inside their container; what decides exposure is whether the port is
// published on every interface of the host (compose) or by a Service of
// type LoadBalancer or NodePort (Kubernetes).

// modelServer is a model-server image and the port its API listens on.
type modelServer struct {
	name string
	port int
	// bindVar is the variable that sets the listen address and port
	// (OLLAMA_HOST), "" if none.
	bindVar string
}

// modelServers by image repository (without registry docker.io, tag or digest).
var modelServers = map[string]modelServer{
	"ollama/ollama":                                 {"Ollama", 11434, "OLLAMA_HOST"},
	"vllm/vllm-openai":                              {"vLLM", 8000, ""},
	"localai/localai":                               {"LocalAI", 8080, ""},
	"quay.io/go-skynet/local-ai":                    {"LocalAI", 8080, ""},
	"ghcr.io/ggml-org/llama.cpp":                    {"llama.cpp server", 8080, ""},
	"ghcr.io/ggerganov/llama.cpp":                   {"llama.cpp server", 8080, ""},
	"ghcr.io/huggingface/text-generation-inference": {"Text Generation Inference", 80, ""},
}

// modelServerRepos are modelServers' keys, sorted: the order a
// Kubernetes Service is matched against them in.
var modelServerRepos = slices.Sorted(maps.Keys(modelServers))

// imageRepo is an image reference without tag, digest and docker.io.
func imageRepo(image string) string {
	im := strings.ToLower(strings.TrimSpace(image))
	if i := strings.IndexByte(im, '@'); i >= 0 {
		im = im[:i]
	}
	if i := strings.LastIndexByte(im, ':'); i > strings.LastIndexByte(im, '/') {
		im = im[:i]
	}
	im = strings.TrimPrefix(im, "docker.io/")
	return strings.TrimPrefix(im, "library/")
}

// composeServer is the model server a compose service runs and the port
// its API listens on in the container; ok is false for any other service,
// or when the server is bound to loopback inside its container.
func composeServer(svc *tree.Node, envs map[string]string) (modelServer, bool) {
	ms, ok := modelServers[imageRepo(svc.Str("image"))]
	if !ok {
		return ms, false
	}
	if ms.bindVar != "" {
		if v, set := envs[ms.bindVar]; set && v != "" {
			h, p := v, ""
			if i := strings.LastIndexByte(v, ':'); i >= 0 {
				h, p = v[:i], v[i+1:]
			}
			if h != "" && host.Loopback(h) && !host.AllInterfaces(h) {
				return ms, false // reachable only inside the container
			}
			if n, err := strconv.Atoi(p); err == nil {
				ms.port = n
			}
		}
	}
	// vLLM, LocalAI and llama.cpp take --port on the command line.
	var args []string
	if c := svc.Get("command"); c != nil {
		if c.Scalar() {
			args = strings.Fields(c.Text)
		}
		for _, it := range items(c) {
			if it.Scalar() {
				args = append(args, it.Text)
			}
		}
	}
	for i, a := range args {
		v := ""
		switch {
		case strings.HasPrefix(a, "--port="):
			v = a[len("--port="):]
		case a == "--port" && i+1 < len(args):
			v = args[i+1]
		}
		if n, err := strconv.Atoi(v); err == nil {
			ms.port = n
		}
	}
	return ms, true
}

// composeExposure reports a model server's API port published on every
// interface of the host.
func (s *Scanner) composeExposure(d *project.Doc, name string, svc *tree.Node) {
	envs := map[string]string{}
	env := svc.Get("environment")
	for _, m := range members(env) {
		if m.Value.Scalar() {
			envs[m.Key] = m.Value.Text
		}
	}
	for _, it := range items(env) {
		if k, v, ok := strings.Cut(it.Text, "="); ok && it.Scalar() {
			envs[k] = v
		}
	}
	ms, ok := composeServer(svc, envs)
	if !ok {
		return
	}
	for _, p := range items(svc.Get("ports")) {
		hostIP, target, published := "", "", ""
		switch {
		case p.Scalar():
			spec, _, _ := strings.Cut(p.Text, "/") // "11434:11434/tcp"
			parts := strings.Split(spec, ":")
			switch len(parts) {
			case 1:
				target = parts[0]
			case 2:
				published, target = parts[0], parts[1]
			default:
				hostIP, published, target = strings.Join(parts[:len(parts)-2], ":"), parts[len(parts)-2], parts[len(parts)-1]
			}
		case isObject(p):
			hostIP, target, published = p.Str("host_ip"), p.Str("target"), p.Str("published")
			if t := p.Get("target"); t.Scalar() {
				target = t.Text
			}
			if pub := p.Get("published"); pub.Scalar() {
				published = pub.Text
			}
		default:
			continue
		}
		if n, err := strconv.Atoi(strings.TrimSpace(target)); err != nil || n != ms.port {
			continue
		}
		hostIP = strings.Trim(hostIP, "[]")
		if hostIP != "" && !host.AllInterfaces(hostIP) {
			continue // bound to one address of the host (127.0.0.1 …)
		}
		if published == "" {
			published = "a random port"
		}
		value := strings.TrimSpace(p.Text)
		if isObject(p) {
			value = strings.TrimPrefix(hostIP+":", ":") + published + ":" + target
		}
		s.addSetting(InTransit, ruleModelAPIExposed, name+".ports", value, nodeEv(d, p), "compose",
			"server", ms.name, "service", name, "port", strconv.Itoa(ms.port), "published", published)
	}
}

// k8sExposure reports a Service of type LoadBalancer or NodePort in front
// of a model server: its port is a model server's and the Service, its
// selector or its port is named for the server.
func (s *Scanner) k8sExposure(d *project.Doc, root *tree.Node) {
	if root.Str("kind") != "Service" {
		return
	}
	spec := root.Get("spec")
	typ := spec.Str("type")
	if typ != "LoadBalancer" && typ != "NodePort" {
		return
	}
	name := root.Get("metadata").Str("name")
	hint := strings.ToLower(name)
	for _, m := range members(spec.Get("selector")) {
		if m.Value.Scalar() {
			hint += " " + strings.ToLower(m.Value.Text)
		}
	}
	for _, p := range items(spec.Get("ports")) {
		for _, k := range []string{"targetPort", "port"} {
			pv := p.Get(k)
			if !pv.Scalar() {
				continue
			}
			port, err := strconv.Atoi(pv.Text)
			if err != nil {
				continue
			}
			for _, repo := range modelServerRepos {
				ms := modelServers[repo]
				key := strings.ToLower(strings.Fields(ms.name)[0])
				short := path.Base(repo)
				if port != ms.port || !(strings.Contains(hint+" "+strings.ToLower(p.Str("name")), key) || strings.Contains(hint, short)) {
					continue
				}
				s.addSetting(InTransit, ruleModelAPIExposed, name+".spec.type", typ, nodeEv(d, spec.Get("type")), "kubernetes",
					"server", ms.name, "service", name, "port", strconv.Itoa(port), "type", typ)
				return
			}
		}
	}
}
