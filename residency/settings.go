package residency

import (
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/host"
	"github.com/mcp-comply/mcp-comply/internal/secrets"
	"github.com/mcp-comply/mcp-comply/internal/syntax"
)

// Setting rules, each an id of Setting.Rule.
const (
	ruleN8nKeyUnset       = "n8n-encryption-key-unset"
	ruleN8nKeyLiteral     = "n8n-encryption-key-literal"
	ruleFlowiseKeyLiteral = "flowise-secretkey-literal"
	rulePGSSLMode         = "postgres-sslmode-insecure"
	ruleDBSSLDisabled     = "db-ssl-disabled"
	ruleRedisPlain        = "redis-plaintext"
	ruleAMQPPlain         = "amqp-plaintext"
	ruleWSPlain           = "ws-plaintext"
	ruleHTTP              = "http-non-loopback"
	ruleN8nProtocolHTTP   = "n8n-protocol-http"
	ruleNodeTLS           = "node-tls-reject-unauthorized"
	ruleTLSVerify         = "tls-verify-disabled"
	ruleTLSMinLow         = "tls-min-version-low"
	ruleTLSMinUnset       = "tls-min-version-unset"
	ruleRDSUnencrypted    = "rds-storage-unencrypted"
	ruleRDSNoCMK          = "rds-no-cmk"
	ruleS3NoSSE           = "s3-no-sse"
	ruleS3SSES3           = "s3-sse-s3"
	ruleEBSNoCMK          = "ebs-no-cmk"
	ruleEFSNoCMK          = "efs-no-cmk"
	ruleElastiCache       = "elasticache-no-encryption"
	ruleOpenSearch        = "opensearch-no-encryption"
	ruleBedrockAgentNoCMK = "bedrock-agent-no-cmk"
	ruleCloudSQLSSL       = "cloudsql-ssl-not-enforced"
	ruleEBSUnencrypted    = "ebs-unencrypted"
	ruleEFSUnencrypted    = "efs-unencrypted"
	ruleAzureStorageHTTP  = "azure-storage-http"
	ruleAzureTLSOff       = "azure-db-tls-not-enforced"
	ruleModelAPIExposed   = "model-api-exposed"
	ruleNATSPlain         = "nats-plaintext"
	ruleKafkaPlain        = "kafka-plaintext"
	ruleWeakHash          = "weak-hash"
	ruleWeakCipher        = "weak-cipher"
	ruleECB               = "ecb-mode"
)

// Rules lists every Setting rule id, sorted, for the integrity tests and
// the lead's rule catalogue.
func Rules() []string {
	r := []string{ruleN8nKeyUnset, ruleN8nKeyLiteral, ruleFlowiseKeyLiteral, rulePGSSLMode, ruleDBSSLDisabled,
		ruleRedisPlain, ruleAMQPPlain, ruleWSPlain, ruleHTTP, ruleN8nProtocolHTTP, ruleNodeTLS, ruleTLSVerify,
		ruleTLSMinLow, ruleTLSMinUnset, ruleRDSUnencrypted, ruleRDSNoCMK, ruleS3NoSSE, ruleS3SSES3, ruleElastiCache, ruleOpenSearch,
		ruleBedrockAgentNoCMK, ruleCloudSQLSSL, ruleEBSUnencrypted, ruleEBSNoCMK, ruleEFSUnencrypted, ruleEFSNoCMK,
		ruleAzureStorageHTTP, ruleAzureTLSOff,
		ruleModelAPIExposed, ruleNATSPlain, ruleKafkaPlain,
		ruleWeakHash, ruleWeakCipher, ruleECB}
	sort.Strings(r)
	return r
}

// serviceKey reports whether a setting's name says it holds the address of
// a service the application calls (…_URL, baseUrl, endpoint, host).
func serviceKey(name string) bool {
	n := norm(name)
	for _, suf := range []string{"url", "uri", "endpoint", "host", "base", "baseurl", "apibase", "basepath", "server", "api", "hosts", "nodes"} {
		if strings.HasSuffix(n, suf) {
			return true
		}
	}
	return false
}

// transportURL checks the transport a URL uses. httpCheck asks for the
// http:// check too, for URLs that are API endpoints (documentation links
// and browser pages are not).
func (s *Scanner) transportURL(u endpointURL, key string, ev Evidence, httpCheck bool) {
	if host.Loopback(u.host) {
		return
	}
	// The wording says when the host is one the project runs itself.
	form, with := "", []string{"host", u.host}
	if host.Local(u.host) {
		form = "private"
	}
	q := url.Values{}
	pu, err := url.Parse(u.raw)
	if err != nil {
		pu, err = url.Parse(withoutUserinfo(u.raw))
	}
	if err == nil {
		q = pu.Query()
	}
	switch u.scheme {
	case "redis":
		s.addSetting(InTransit, ruleRedisPlain, "redis:// (use rediss://)", "redis://", ev, form, with...)
	case "amqp":
		s.addSetting(InTransit, ruleAMQPPlain, "amqp:// (use amqps://)", "amqp://", ev, form, with...)
	case "ws":
		s.addSetting(InTransit, ruleWSPlain, "ws:// (use wss://)", "ws://", ev, form, with...)
	case "postgres", "postgresql":
		switch mode := strings.ToLower(q.Get("sslmode")); mode {
		case "disable", "allow", "prefer":
			s.addSetting(InTransit, rulePGSSLMode, "sslmode", mode, ev, "mode"+suffix(form), "host", u.host, "mode", mode)
		case "":
			if !host.Local(u.host) {
				s.addSetting(InTransit, rulePGSSLMode, "sslmode", "", ev, "unset", with...)
			}
		}
	case "mysql", "mariadb":
		if m := strings.ToLower(q.Get("ssl-mode") + q.Get("sslmode") + q.Get("ssl")); m == "disabled" || m == "false" || m == "disable" {
			s.addSetting(InTransit, ruleDBSSLDisabled, "ssl-mode", m, ev, "mysql"+suffix(form), with...)
		}
	case "mongodb", "mongodb+srv":
		switch m := strings.ToLower(q.Get("tls") + q.Get("ssl")); {
		case m == "false":
			s.addSetting(InTransit, ruleDBSSLDisabled, "tls", m, ev, "mongodb"+suffix(form), with...)
		case m == "" && u.scheme == "mongodb" && !host.Local(u.host) && !s.inTest:
			// mongodb+srv:// turns TLS on by default; mongodb:// does not.
			s.addSetting(InTransit, ruleDBSSLDisabled, "tls", "", ev, "mongodb-unset", with...)
		}
	case "nats":
		s.addSetting(InTransit, ruleNATSPlain, "nats:// (use tls://)", "nats://", ev, form, with...)
	case "http":
		if httpCheck {
			// One rule, three places: a container or cluster service name
			// (traffic stays on that network), a private name or address,
			// a public host.
			if host.Service(u.host) {
				form = "service"
			}
			s.addSetting(InTransit, ruleHTTP, key, "http://"+u.host, ev, form, with...)
		}
	}
}

// ownPublicURL are the variables in which n8n and Flowise state their own
// public address (encryption/n8n-protocol-http judges n8n's), not a
// service they call.
var ownPublicURL = map[string]bool{"WEBHOOK_URL": true, "N8N_EDITOR_BASE_URL": true, "APP_URL": true}

// n8nClientVar reports a variable named for n8n that a client of n8n sets
// (N8N_URL, N8N_API_KEY, N8N_WEBHOOK_URL): it does not make its process an
// n8n instance.
func n8nClientVar(name string) bool {
	for _, suf := range []string{"_URL", "_URI", "_HOST_URL", "_API_KEY", "_TOKEN", "_ENDPOINT", "_BASE"} {
		if strings.HasSuffix(name, suf) && name != "N8N_EDITOR_BASE_URL" {
			return true
		}
	}
	return false
}

// transportValue checks one environment value: a connection string, or a
// single-variable rule (NODE_TLS_REJECT_UNAUTHORIZED=0, PGSSLMODE=disable).
func (s *Scanner) transportValue(name, value string, ev Evidence) {
	v := strings.TrimSpace(value)
	switch name {
	case "NODE_TLS_REJECT_UNAUTHORIZED":
		if v == "0" {
			s.addSetting(InTransit, ruleNodeTLS, name, v, ev, "")
		}
		return
	case "PGSSLMODE":
		if m := strings.ToLower(v); m == "disable" || m == "allow" || m == "prefer" {
			s.addSetting(InTransit, rulePGSSLMode, name, m, ev, "env", "mode", m)
		}
		return
	case "KAFKA_SECURITY_PROTOCOL", "KAFKA_CFG_SECURITY_PROTOCOL", "KAFKAJS_SECURITY_PROTOCOL", "SECURITY_PROTOCOL", "SPRING_KAFKA_SECURITY_PROTOCOL":
		if p := strings.ToUpper(v); p == "PLAINTEXT" || p == "SASL_PLAINTEXT" {
			s.addSetting(InTransit, ruleKafkaPlain, name, p, ev, "client", "protocol", p)
		}
		return
	case "KAFKA_ADVERTISED_LISTENERS", "KAFKA_CFG_ADVERTISED_LISTENERS":
		// NAME://host:port, …; a listener's protocol is its name unless
		// KAFKA_LISTENER_SECURITY_PROTOCOL_MAP renames it (not read: a
		// custom name is not judged).
		for _, l := range strings.Split(v, ",") {
			proto, addr, ok := strings.Cut(strings.TrimSpace(l), "://")
			proto = strings.ToUpper(proto)
			if !ok || proto != "PLAINTEXT" && proto != "SASL_PLAINTEXT" {
				continue
			}
			h := addr
			if i := strings.LastIndexByte(addr, ':'); i >= 0 {
				h = addr[:i]
			}
			if h == "" || host.Loopback(h) || host.Service(h) || hostReference(h) {
				continue
			}
			form := ""
			if host.Local(h) {
				form = "private"
			}
			s.addSetting(InTransit, ruleKafkaPlain, name, proto+"://"+h, ev, "listener"+suffix(form), "protocol", proto, "host", h)
		}
		return
	case "DB_POSTGRESDB_SSL_REJECT_UNAUTHORIZED", "DATABASE_REJECT_UNAUTHORIZED":
		if strings.EqualFold(v, "false") {
			s.addSetting(InTransit, ruleTLSVerify, name, v, ev, "database")
		}
		return
	}
	if !isURLLiteral(v) {
		return
	}
	if u, ok := parseEndpoint(v, false); ok {
		_, known := s.c.matchHost(u.host)
		s.transportURL(u, name, ev, known || s.c.keyHint(name) != nil || serviceKey(name) && !ownPublicURL[strings.ToUpper(name)])
	}
}

// envSettings applies the rules that read several variables of one process
// (a compose service, a container, an env file): n8n's encryption key and
// database TLS, Flowise's secret key and database TLS, n8n's protocol.
func (s *Scanner) envSettings() {
	type scopeVars struct {
		vars  map[string]envVar
		image string
		first envVar
		order int
	}
	scopes := map[string]*scopeVars{}
	keySetAnywhere := false
	for i, v := range s.envs {
		sc := scopes[v.scope]
		if sc == nil {
			sc = &scopeVars{vars: map[string]envVar{}, first: v, order: i}
			scopes[v.scope] = sc
		}
		if v.image != "" {
			sc.image = v.image
		}
		if v.name != "" {
			if _, dup := sc.vars[v.name]; !dup {
				sc.vars[v.name] = v
			}
		}
		if (v.name == "N8N_ENCRYPTION_KEY" || v.name == "N8N_ENCRYPTION_KEY_FILE") && v.value != "" || v.name == "N8N_ENCRYPTION_KEY" && !v.literal {
			keySetAnywhere = true
		}
	}
	names := make([]string, 0, len(scopes))
	for k := range scopes {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		sc := scopes[name]
		get := func(k string) (envVar, bool) { v, ok := sc.vars[k]; return v, ok }
		isN8n := strings.Contains(sc.image, "n8nio/n8n") || strings.Contains(sc.image, "n8n-io/n8n") || path.Base(strings.SplitN(sc.image, ":", 2)[0]) == "n8n"
		for k := range sc.vars {
			if strings.HasPrefix(k, "N8N_") && !n8nClientVar(k) || strings.HasPrefix(k, "DB_POSTGRESDB_") {
				isN8n = true
			}
		}
		if isN8n {
			key, ok := get("N8N_ENCRYPTION_KEY")
			switch {
			case !ok && !keySetAnywhere:
				ev := sc.first.ev
				s.addSetting(AtRest, ruleN8nKeyUnset, "N8N_ENCRYPTION_KEY", "", ev, "")
			case ok && key.literal && key.value != "" && (!key.example || weakDefault(key.value)):
				form := ""
				if weakDefault(key.value) {
					form = "example"
				}
				s.addSetting(AtRest, ruleN8nKeyLiteral, "N8N_ENCRYPTION_KEY", key.value, key.ev, form)
			}
			if t, ok := get("DB_TYPE"); ok && strings.EqualFold(t.value, "postgresdb") {
				h, hok := get("DB_POSTGRESDB_HOST")
				en, _ := get("DB_POSTGRESDB_SSL_ENABLED")
				_, ca := get("DB_POSTGRESDB_SSL_CA")
				if hok && !host.Local(h.value) && !hostReference(h.value) && !truthy(en.value) && !ca {
					s.addSetting(InTransit, ruleDBSSLDisabled, "DB_POSTGRESDB_SSL_ENABLED", en.value, t.ev, "n8n", "host", h.value)
				}
			}
			if p, ok := get("N8N_PROTOCOL"); ok && strings.EqualFold(p.value, "http") {
				h, _ := get("N8N_HOST")
				w, _ := get("WEBHOOK_URL")
				public := !host.Local(h.value) && !hostReference(h.value)
				if u, ok := parseEndpoint(w.value, false); ok && !host.Local(u.host) {
					public = true
				}
				if public {
					s.addSetting(InTransit, ruleN8nProtocolHTTP, "N8N_PROTOCOL", p.value, p.ev, "")
				}
			}
		}
		if k, ok := get("FLOWISE_SECRETKEY_OVERWRITE"); ok && k.literal && k.value != "" && (!k.example || weakDefault(k.value)) {
			form := ""
			if weakDefault(k.value) {
				form = "example"
			}
			s.addSetting(AtRest, ruleFlowiseKeyLiteral, "FLOWISE_SECRETKEY_OVERWRITE", k.value, k.ev, form)
		}
		if t, ok := get("DATABASE_TYPE"); ok && slices.Contains([]string{"postgres", "mysql", "mariadb"}, strings.ToLower(t.value)) {
			h, hok := get("DATABASE_HOST")
			ssl, _ := get("DATABASE_SSL")
			if hok && !host.Local(h.value) && !hostReference(h.value) && !truthy(ssl.value) {
				s.addSetting(InTransit, ruleDBSSLDisabled, "DATABASE_SSL", ssl.value, t.ev, "flowise", "database", t.value, "host", h.value)
			}
		}
	}
}

// hostReference reports a host setting that names a value kept elsewhere
// (${DB_HOST}, {{ .Values.host }}, process.env.DB_HOST) rather than a
// host: secrets.IsPlaceholder of anything that is not a host name written
// out. A host under an example domain (n8n.example.com) is a host: the
// placeholder predicate's example words are for secrets, not host names.
func hostReference(v string) bool { return !isHostName(v) && secrets.IsPlaceholder(v) }

// isHostName reports a DNS name or an IPv4 address, with an optional
// port: labels of letters, digits and inner hyphens, joined by dots.
func isHostName(v string) bool {
	if i := strings.LastIndexByte(v, ':'); i >= 0 {
		if port := v[i+1:]; port == "" || strings.Trim(port, "0123456789") != "" {
			return false
		}
		v = v[:i]
	}
	if v == "" || len(v) > 253 {
		return false
	}
	for _, label := range strings.Split(v, ".") {
		if label == "" || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			if c := label[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// weakDefault is a value copied from documentation or examples.
func weakDefault(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "n8n8n8n", "myencryptionkey", "changeme", "change-me", "secret", "password", "encryptionkey", "your-encryption-key", "test", "example":
		return true
	}
	return false
}

// The calls the crypto rules read, by the trailing segments of their
// names (hasSuffixAny).
var (
	weakHashCalls   = []string{"hashlib.md5", "hashlib.sha1", "md5.New", "md5.Sum", "sha1.New", "sha1.Sum", "CryptoJS.MD5", "CryptoJS.SHA1"}
	hashByNameCalls = []string{"hashlib.new", "createHash", "createHmac"}
	weakCipherCalls = []string{"des.NewCipher", "des.NewTripleDESCipher", "rc4.NewCipher", "DES.new", "DES3.new", "ARC4.new", "ARC2.new", "Blowfish.new",
		"algorithms.TripleDES", "algorithms.ARC4", "algorithms.Blowfish", "CryptoJS.DES.encrypt", "CryptoJS.TripleDES.encrypt", "CryptoJS.RC4.encrypt"}
	cipherByNameCalls = []string{"createCipheriv", "createCipher", "createDecipheriv", "createDecipher"}
	ecbCalls          = []string{"modes.ECB"}
	// cryptoCallLast are the last segments of all of them: a call whose
	// name ends otherwise is none.
	cryptoCallLast = func() map[string]bool {
		m := map[string]bool{}
		for _, list := range [][]string{weakHashCalls, hashByNameCalls, weakCipherCalls, cipherByNameCalls, ecbCalls} {
			for _, n := range list {
				m[n[strings.LastIndexByte(n, '.')+1:]] = true
			}
		}
		return m
	}()
)

// cryptoRules reads weak algorithms and disabled TLS checks in code, each
// with the security linter's skip marker its line carries (lineText).
func (s *Scanner) cryptoRules(evAt func(int) Evidence, cf codeFacts, lang syntax.Lang, source []byte, lineText func(int) string) {
	start := len(s.settings)
	defer func() {
		for i := start; i < len(s.settings); i++ {
			s.settings[i].Reviewed = reviewMarker(lang, lineText(s.settings[i].Evidence.Line))
		}
	}()
	for _, cs := range cf.calls {
		n := cs.name
		if !cryptoCallLast[n[strings.LastIndexByte(n, '.')+1:]] {
			continue
		}
		first := ""
		if len(cs.pos) > 0 && cs.pos[0].str {
			first = strings.ToLower(cs.pos[0].text)
		}
		ev := func() Evidence { return evAt(cs.off) }
		switch {
		case hasSuffixAny(n, weakHashCalls...) || hasSuffixAny(n, hashByNameCalls...) && (first == "md5" || first == "sha1"):
			if v, ok := argNamed(cs, "usedforsecurity"); ok && strings.EqualFold(v.text, "false") {
				continue
			}
			if fn := enclosingFunc(lang, source, cs.off); checksumFunc.MatchString(fn) || identFunc.MatchString(fn) && !credentialFunc.MatchString(fn) {
				s.addSetting(Crypto, ruleWeakHash, n, first, ev(), "checksum", "function", fn)
				continue
			}
			s.addSetting(Crypto, ruleWeakHash, n, first, ev(), "")
		case hasSuffixAny(n, weakCipherCalls...):
			s.addSetting(Crypto, ruleWeakCipher, n, "", ev(), "")
		case hasSuffixAny(n, cipherByNameCalls...):
			switch {
			case strings.HasPrefix(first, "des") || strings.HasPrefix(first, "rc4") || strings.HasPrefix(first, "rc2") || strings.HasPrefix(first, "bf"):
				s.addSetting(Crypto, ruleWeakCipher, n, first, ev(), "")
			case strings.HasSuffix(first, "-ecb"):
				s.addSetting(Crypto, ruleECB, n, first, ev(), "")
			}
		case hasSuffixAny(n, ecbCalls...):
			s.addSetting(Crypto, ruleECB, n, "", ev(), "")
		}
	}
	for _, kv := range cf.kvs {
		v := kv.val.text
		ev := func() Evidence { return evAt(kv.val.off) }
		switch norm(kv.key) {
		case "verify", "checkhostname":
			if v == "False" && !kv.val.str {
				s.addSetting(InTransit, ruleTLSVerify, kv.key, v, ev(), "")
			}
		case "rejectunauthorized":
			if v == "false" && !kv.val.str {
				s.addSetting(InTransit, ruleTLSVerify, kv.key, v, ev(), "")
			}
		case "insecureskipverify":
			if v == "true" {
				s.addSetting(InTransit, ruleTLSVerify, kv.key, v, ev(), "")
			}
		case "minversion", "sslversion":
			if hasSuffixAny(v, "VersionTLS10", "VersionTLS11", "VersionSSL30", "PROTOCOL_TLSv1", "PROTOCOL_TLSv1_1", "PROTOCOL_SSLv3") || kv.val.str && (v == "TLSv1" || v == "TLSv1.1") {
				s.addSetting(InTransit, ruleTLSMinLow, kv.key, v, ev(), "")
			}
		case "nodetlsrejectunauthorized":
			if v == "0" {
				s.addSetting(InTransit, ruleNodeTLS, "NODE_TLS_REJECT_UNAUTHORIZED", v, ev(), "")
			}
		}
	}
	for _, id := range cf.idents {
		last := id.text[strings.LastIndexByte(id.text, '.')+1:]
		ev := evAt(id.off)
		switch last {
		case "_create_unverified_context", "CERT_NONE":
			s.addSetting(InTransit, ruleTLSVerify, id.text, "", ev, "")
		case "PROTOCOL_TLSv1", "PROTOCOL_TLSv1_1", "PROTOCOL_SSLv3":
			s.addSetting(InTransit, ruleTLSMinLow, id.text, "", ev, "")
		case "MODE_ECB", "ECB":
			s.addSetting(Crypto, ruleECB, id.text, "", ev, "")
		}
	}
	for _, t := range cf.tlsConfigs {
		if !t.minVersion {
			s.addSetting(InTransit, ruleTLSMinUnset, "MinVersion", "", evAt(t.off), "")
		}
	}
}

// checksumFunc names functions that hash content to tell it apart, not to
// secure it: get_file_hash, fileChecksum, computeETag, cacheKey, and those
// that hash a text or a name into a short identifier (an embedding cache's
// _hash_text, openai-agents' _shorten_tool_name). A key, a token or a
// password hashed stays the default.
var checksumFunc = regexp.MustCompile(`(?i)(?:file|content|cache|blob|text)_?(?:hash|digest|key|id)|hash_?(?:text|content|string|file)|checksum|e_?tag|fingerprint|dedup|shorten`)

// identFunc names functions that make a hash, digest or id of what they
// are given (serena's _compute_workspace_hash and _digest,
// Figma-Context-MCP's elementId); with no credential word in the name
// (credentialFunc: hash_password, sign_token, apiSignature) they are
// checksums too.
var (
	identFunc      = regexp.MustCompile(`(?i:hash|digest)|[a-z0-9]Id$|(?:^|_)id$`)
	credentialFunc = regexp.MustCompile(`(?i)pass|pwd|token|secret|key|sign|auth|cred|salt|hmac|nonce|otp`)
)

// funcDecl finds a function's name where it is declared: Python's def,
// Go's func (with a receiver), JavaScript's function and methods.
var funcDecl = map[syntax.Lang]*regexp.Regexp{
	syntax.Python:     regexp.MustCompile(`(?m)^[ \t]*(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)`),
	syntax.Go:         regexp.MustCompile(`(?m)^func[ \t]+(?:\([^)]*\)[ \t]*)?([A-Za-z_]\w*)`),
	syntax.JavaScript: regexp.MustCompile(`(?m)(?:function[ \t]*\*?[ \t]*([A-Za-z_$][\w$]*)|^[ \t]*(?:async[ \t]+)?([A-Za-z_$][\w$]*)[ \t]*\([^)\n]*\)[ \t]*\{)`),
}

// enclosingFunc is the name of the last function declared before off in
// source: the one a call at off is most likely in ("" when none is).
func enclosingFunc(lang syntax.Lang, source []byte, off int) string {
	if lang == syntax.TypeScript {
		lang = syntax.JavaScript
	}
	re := funcDecl[lang]
	if re == nil || off > len(source) {
		return ""
	}
	name := ""
	for _, m := range re.FindAllSubmatch(source[:off], -1) {
		name = string(m[1])
		if name == "" && len(m) > 2 {
			name = string(m[2])
		}
	}
	return name
}

// The security linters' same-line skip markers, by language, read only
// in the line's comment: gosec's "#nosec" and golangci-lint's
// "nolint:…gosec…" in Go, Bandit's "# nosec" and Ruff's "# noqa: S…" in
// Python. Where a marker names rules, one must be a crypto or TLS rule of
// that linter (gosec G401–G402, G405–G406, G501–G507; Bandit B303–B305,
// B324, B413, B501–B504; Ruff S303–S305, S323, S324, S413, S501–S504):
// "#nosec G104" skips another check. A line that carries one was looked at
// by someone who runs that linter.
var (
	goCryptoRules = []string{"g401", "g402", "g405", "g406", "g501", "g502", "g503", "g504", "g505", "g506", "g507"}
	pyCryptoRules = []string{"b303", "b304", "b305", "b324", "b413", "b501", "b502", "b503", "b504",
		"s303", "s304", "s305", "s323", "s324", "s413", "s501", "s502", "s503", "s504"}
	ruleCode = regexp.MustCompile(`^[a-z]\d{3}$`)
)

// ruleCodes are the rule codes a marker lists (G401, B324 …), lower case,
// up to the first word that is none.
func ruleCodes(rest string) []string {
	var named []string
	for _, w := range strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ' ' || r == ':' || r == '\t' }) {
		if !ruleCode.MatchString(w) {
			break
		}
		named = append(named, w)
	}
	return named
}

// reviewMarker is the skip marker the comment of a line of code carries,
// as the linter spells it, or "".
func reviewMarker(lang syntax.Lang, line string) string {
	start := "#"
	if lang != syntax.Python {
		start = "//"
	}
	i := strings.Index(line, start)
	if i < 0 {
		return ""
	}
	comment := strings.ToLower(line[i+len(start):])
	// crypto reports whether the rule codes after a marker name a crypto
	// or TLS rule; codes whether they do or name none (the marker then
	// skips every rule).
	crypto := func(named, rules []string) bool {
		return slices.ContainsFunc(named, func(c string) bool { return slices.Contains(rules, c) })
	}
	codes := func(rest string, rules []string) bool {
		named := ruleCodes(rest)
		return len(named) == 0 || crypto(named, rules)
	}
	switch lang {
	case syntax.Go:
		if _, rest, ok := strings.Cut(comment, "#nosec"); ok && codes(rest, goCryptoRules) {
			return "#nosec"
		}
		if _, rest, ok := strings.Cut(comment, "nolint:"); ok {
			list, _, _ := strings.Cut(rest, " ")
			if slices.Contains(strings.Split(list, ","), "gosec") {
				return "nolint:gosec"
			}
		}
	case syntax.Python:
		if _, rest, ok := strings.Cut(comment, "nosec"); ok && codes(rest, pyCryptoRules) {
			return "# nosec"
		}
		// A bare noqa silences every linter on the line for any reason:
		// only one that names a crypto or TLS rule counts.
		if _, rest, ok := strings.Cut(comment, "noqa:"); ok && crypto(ruleCodes(rest), pyCryptoRules) {
			return "# noqa"
		}
	}
	return ""
}

// hasSuffixAny reports whether s is one of sufs or ends with "." and one
// of them.
func hasSuffixAny(s string, sufs ...string) bool {
	for _, x := range sufs {
		if s == x || len(s) > len(x) && s[len(s)-len(x)-1] == '.' && strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// suffix joins a wording variant to a form: "mysql" + suffix("private") is
// "mysql/private".
func suffix(form string) string {
	if form == "" {
		return ""
	}
	return "/" + form
}
