package compliance

import "github.com/mcp-comply/mcp-comply/residency"

// encryptionCheck is the judgement of one encryption or transport setting
// rule of package residency: how serious it is and what to change.
type encryptionCheck struct {
	severity    Severity
	title       string
	remediation string
}

// encryptionChecks covers every residency.Rules() id (a test keeps it so).
// GDPR Art. 32(1)(a) names encryption as a measure; TLS 1.2+ in transit and
// provider- or customer-managed keys at rest are the usual baseline.
var encryptionChecks = map[string]encryptionCheck{
	"n8n-encryption-key-unset": {High, "n8n's credential encryption key is not set",
		"Set N8N_ENCRYPTION_KEY from a secret store for every n8n instance; without it n8n generates a key and keeps it next to the encrypted credentials."},
	"n8n-encryption-key-literal": {High, "n8n's credential encryption key is written in a committed file",
		"Move N8N_ENCRYPTION_KEY to a secret store or an ignored .env, and rotate it: anyone with the repository can decrypt the stored credentials."},
	"flowise-secretkey-literal": {High, "Flowise's secret key is written in a committed file",
		"Move FLOWISE_SECRETKEY_OVERWRITE to a secret store and rotate it."},
	"postgres-sslmode-insecure": {High, "PostgreSQL connection without enforced TLS",
		"Set sslmode=verify-full (or at least require) in the connection string or PGSSLMODE; disable, allow and prefer can send data in clear text."},
	"db-ssl-disabled": {High, "Database connection with TLS disabled",
		"Turn the database TLS setting on (DB_POSTGRESDB_SSL_ENABLED / DATABASE_SSL) and keep certificate verification on."},
	"redis-plaintext": {Medium, "Redis over an unencrypted connection",
		"Use rediss:// with TLS for any Redis that is not on the same host."},
	"amqp-plaintext": {Medium, "Message broker over an unencrypted connection",
		"Use amqps:// with TLS for the broker."},
	"ws-plaintext": {Medium, "WebSocket without TLS",
		"Use wss:// for WebSocket connections that leave the host."},
	"http-non-loopback": {High, "Plain HTTP to a service on another host",
		"Use https:// for every service URL that is not on the loopback interface."},
	"n8n-protocol-http": {High, "n8n served over plain HTTP on a public host",
		"Set N8N_PROTOCOL=https (or terminate TLS in front of n8n) for a public N8N_HOST / WEBHOOK_URL."},
	"node-tls-reject-unauthorized": {High, "Node.js certificate verification switched off",
		"Remove NODE_TLS_REJECT_UNAUTHORIZED=0: it disables certificate checks for every TLS connection of the process."},
	"tls-verify-disabled": {High, "TLS certificate verification disabled in code",
		"Remove InsecureSkipVerify / verify=False / rejectUnauthorized: false; trust the needed CA instead."},
	"tls-min-version-low": {Medium, "TLS minimum version below 1.2",
		"Set the TLS MinVersion to 1.2 or 1.3."},
	"tls-min-version-unset": {Low, "TLS minimum version not set",
		"Set MinVersion: tls.VersionTLS12 (or 1.3) explicitly; the default differs by Go version and side."},
	"rds-storage-unencrypted": {High, "Database storage not encrypted at rest",
		"Set storage_encrypted = true (with a kms_key_id) on the RDS instance or cluster."},
	"rds-no-cmk": {Low, "Database encrypted without a customer-managed key",
		"Set kms_key_id to a customer-managed KMS key if you need control over key rotation and access."},
	"s3-no-sse": {Low, "S3 bucket without an explicit encryption configuration",
		"Add aws_s3_bucket_server_side_encryption_configuration (aws:kms or AES256); S3 applies SSE-S3 by default since 2023, but an explicit setting documents it."},
	"elasticache-no-encryption": {Medium, "ElastiCache without encryption at rest or in transit",
		"Set at_rest_encryption_enabled = true and transit_encryption_enabled = true."},
	"opensearch-no-encryption": {Medium, "OpenSearch without encryption at rest, between nodes or HTTPS",
		"Set encrypt_at_rest.enabled, node_to_node_encryption.enabled and domain_endpoint_options.enforce_https."},
	"bedrock-agent-no-cmk": {Low, "Bedrock agent without a customer-managed key",
		"Set customer_encryption_key_arn on the Bedrock agent if you need control over its key."},
	"cloudsql-ssl-not-enforced": {Medium, "Cloud SQL does not enforce TLS",
		"Set ip_configuration.ssl_mode = ENCRYPTED_ONLY (or TRUSTED_CLIENT_CERTIFICATE_REQUIRED)."},
	"weak-hash": {Medium, "MD5 or SHA-1 used where security depends on it",
		"Use SHA-256 or better (or a password hash such as Argon2id / bcrypt for passwords)."},
	"weak-cipher": {High, "Broken cipher (DES, 3DES, RC4)",
		"Use AES-GCM or ChaCha20-Poly1305."},
	"ecb-mode": {Medium, "Block cipher in ECB mode",
		"Use an authenticated mode (AES-GCM) with a fresh nonce per message."},
}

// settingFinding turns an encryption or transport observation into a finding.
func settingFinding(s residency.Setting) Finding {
	c, ok := encryptionChecks[s.Rule]
	if !ok {
		c = encryptionCheck{Medium, s.Rule, "Change " + s.Key + "."} // a rule added to residency without a reading here
	}
	excerpt := s.Key
	if s.Value != "" {
		excerpt += "=" + s.Value
	}
	f := Finding{
		Rule: "encryption/" + s.Rule, Area: AreaResidency, Severity: c.severity,
		Subject:     s.Evidence.File + ":" + s.Key,
		Title:       c.title + " (" + s.Key + ")",
		Detail:      s.Detail,
		Evidence:    []Evidence{{Position: position(s.Evidence.Position), Excerpt: excerpt}},
		Remediation: c.remediation,
	}
	f.Fingerprint = fingerprint(f.Rule, f.Subject+"="+s.Value)
	return f
}

func init() {
	for id, c := range encryptionChecks {
		rule("encryption/"+id, AreaResidency, c.title, c.title+". "+c.remediation)
	}
}
