variable "aws_region" {
  type    = string
  default = "us-east-1"
}

variable "summary_model" {
  type    = string
  default = "eu.amazon.nova-lite-v1:0"
}

variable "fallback_model" {
  type = string
}

locals {
  chat_model = "global.anthropic.claude-sonnet-4-5-20250929-v1:0"
  tags       = { team = "support", cost_center = "cx-42" }
}

provider "aws" {
  region = var.aws_region
}

resource "aws_lambda_function" "triage" {
  function_name = "triage"
  role          = "arn:aws:iam::123456789012:role/triage"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "triage.zip"

  environment {
    variables = {
      BEDROCK_MODEL_ID = local.chat_model
      SUMMARY_MODEL_ID = var.summary_model
    }
  }
}

resource "aws_ebs_volume" "vectors" {
  availability_zone = "eu-central-1a"
  size              = 100
  encrypted         = false
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-central-1a"
  size              = 20
}

resource "aws_ebs_volume" "index" {
  availability_zone = "eu-central-1a"
  size              = 50
  encrypted         = true
  kms_key_id        = "arn:aws:kms:eu-central-1:123456789012:key/0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"
}

resource "aws_launch_template" "gpu_workers" {
  name_prefix   = "ollama-"
  image_id      = "ami-0a1b2c3d4e5f60718"
  instance_type = "g5.xlarge"

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 200
      encrypted   = false
    }
  }
}

resource "aws_efs_file_system" "models" {
  creation_token = "ollama-models"
}

resource "aws_efs_file_system" "uploads" {
  creation_token = "uploads"
  encrypted      = true
}
