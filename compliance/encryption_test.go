package compliance

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/project/projecttest"
	"github.com/mcp-comply/mcp-comply/residency"
)

// scanSettings is what residency states of a one-file project.
func scanSettings(t *testing.T, file, body string) []residency.Setting {
	t.Helper()
	idx := projecttest.Walk(t, fstest.MapFS{file: {Data: []byte(body)}})
	res, err := residency.Scan(context.Background(), idx, residency.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Settings
}

// judged are the severities of the findings of a rule over settings.
func judged(settings []residency.Setting, rule string, m Market, cmk ...bool) []Severity {
	var got []Severity
	for _, s := range settings {
		if s.Rule != rule {
			continue
		}
		if f, ok := observe(settingObservation(s, len(cmk) > 0 && cmk[0]), m); ok {
			got = append(got, f.Severity)
		}
	}
	return got
}

// TestPlainHTTPOneRule: plain HTTP is one rule whose severity follows where
// the host is, as the residency facts state it.
func TestPlainHTTPOneRule(t *testing.T) {
	cases := []struct {
		name string
		url  string
		want Severity // none: no finding
	}{
		{"loopback", "http://127.0.0.1:11434/v1", none},
		{"compose service name", "http://ollama:11434", Info},
		{"another compose service", "http://n8n:5678/webhook/x", Info},
		{"cluster service", "http://vllm.models.svc.cluster.local:8000/v1", Info},
		{"private name", "http://search.internal:9200", Medium},
		{"private address", "http://10.0.4.12:8080", Medium},
		{"public host", "http://billing.acme-support.example.com/api", High},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := judged(scanSettings(t, "docker-compose.yml", "services:\n  agent:\n    image: ghcr.io/acme/agent:1\n    environment:\n      SERVICE_URL: "+tc.url+"\n"), "http-non-loopback", EU)
			switch {
			case tc.want == none && len(got) != 0:
				t.Errorf("%s: findings %v, want none", tc.url, got)
			case tc.want != none && (len(got) != 1 || got[0] != tc.want):
				t.Errorf("%s: findings %v, want one %s", tc.url, got, tc.want)
			}
		})
	}
}

// TestCustomerManagedKeys: data at rest encrypted only with AWS's default
// key is a low note, and high when the policy asks for customer-managed
// keys; a resource with its own KMS key is neither, and a policy asking
// for them raises nothing else.
func TestCustomerManagedKeys(t *testing.T) {
	const tf = `resource "aws_db_instance" "db" {
  storage_encrypted = true
}
resource "aws_db_instance" "own_key" {
  storage_encrypted = true
  kms_key_id        = aws_kms_key.db.arn
}
resource "aws_ebs_volume" "aws_key" {
  encrypted = true
}
resource "aws_ebs_volume" "own_key" {
  encrypted  = true
  kms_key_id = aws_kms_key.ebs.arn
}
resource "aws_efs_file_system" "aws_key" {
  encrypted = true
}
resource "aws_efs_file_system" "own_key" {
  encrypted  = true
  kms_key_id = aws_kms_key.efs.arn
}
resource "aws_s3_bucket" "logs" {}
resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
resource "aws_s3_bucket" "data" {}
resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.s3.arn
    }
  }
}
resource "aws_elasticache_replication_group" "cache" {
  at_rest_encryption_enabled = false
}
`
	settings := scanSettings(t, "main.tf", tf)
	for _, rule := range []string{"rds-no-cmk", "ebs-no-cmk", "efs-no-cmk", "s3-sse-s3"} {
		if got := judged(settings, rule, Global); len(got) != 1 || got[0] != Low {
			t.Errorf("%s without the policy: %v, want one low", rule, got)
		}
		if got := judged(settings, rule, Global, true); len(got) != 1 || got[0] != High {
			t.Errorf("%s with customer_managed_keys: %v, want one high", rule, got)
		}
	}
	// A rule that is not about whose key it is keeps its severity.
	without, with := judged(settings, "elasticache-no-encryption", Global), judged(settings, "elasticache-no-encryption", Global, true)
	if len(without) == 0 || !slices.Equal(without, with) {
		t.Errorf("elasticache: %v without the policy, %v with it, want the same findings", without, with)
	}
}

// A weak hash on a line the project's security linter skips is low with
// the marker named; the same setting unmarked keeps its severity.
func TestReviewedSetting(t *testing.T) {
	s := residency.Setting{Area: residency.Crypto, Rule: "weak-hash", Key: "sha1.New",
		Evidence: residency.Evidence{Position: project.Position{File: "pkg/git/blob.go", Line: 5}}}
	plain, ok := observe(settingObservation(s, false), Global)
	if !ok || plain.Severity.Rank() <= Low.Rank() || strings.Contains(plain.Detail, "security linter") {
		t.Fatalf("unmarked: %s %q, want its own severity", plain.Severity, plain.Detail)
	}
	s.Reviewed = "nolint:gosec"
	f, _ := observe(settingObservation(s, false), Global)
	if f.Severity != Low || !strings.Contains(f.Detail, "(nolint:gosec)") || !strings.Contains(f.Detail, "unmarked it would be "+string(plain.Severity)) {
		t.Errorf("marked: %s %q, want low naming the marker and %s", f.Severity, f.Detail, plain.Severity)
	}
	if f.Fingerprint != plain.Fingerprint {
		t.Errorf("the marker changed the fingerprint: %s vs %s", f.Fingerprint, plain.Fingerprint)
	}
}
