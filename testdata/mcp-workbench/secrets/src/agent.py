import os
from anthropic import Anthropic

client = Anthropic(api_key="sk-ant-api03-q8F80ymm3T207gmhZRnFyy5r2xJ7Fj4mgblEv0_9BZhvWaXH6K2_tyLBhhOhg9uhkxiiEZpFfk1OHAOEHYqM6Ojb6mjBHAA")
router_key = os.environ.get("OPENROUTER_API_KEY", "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")
hf_token = os.environ["HF_TOKEN"]
