# terraform apply -var-file=prod.tfvars
fallback_model = "us.anthropic.claude-3-5-haiku-20241022-v1:0"
