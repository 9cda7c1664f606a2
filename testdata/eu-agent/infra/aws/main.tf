variable "region" {
  type    = string
  default = "us-east-1"
}

provider "aws" {
  region = var.region
}

resource "aws_db_instance" "tickets" {
  identifier        = "tickets"
  engine            = "postgres"
  instance_class    = "db.t4g.medium"
  allocated_storage = 50
}

resource "aws_rds_cluster" "analytics" {
  cluster_identifier = "analytics"
  engine             = "aurora-postgresql"
  storage_encrypted  = true
}

resource "aws_s3_bucket" "attachments" {
  bucket = "acme-support-attachments"
}

resource "aws_s3_bucket" "exports" {
  bucket = "acme-support-exports"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "exports" {
  bucket = aws_s3_bucket.exports.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "chat sessions"
  at_rest_encryption_enabled = true
  transit_encryption_enabled = false
}

resource "aws_bedrockagent_agent" "triage" {
  agent_name              = "triage"
  agent_resource_role_arn = "arn:aws:iam::123456789012:role/triage"
  foundation_model        = "global.anthropic.claude-sonnet-4-20250514-v1:0"
}
