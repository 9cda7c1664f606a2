"""Support agent: retrieval over the ticket archive, answered by an LLM.

See https://platform.openai.com/docs/guides/data-residency for the EU setup.
"""
import hashlib
import os

import boto3
import requests
import vertexai
from Crypto.Cipher import AES
from langchain_anthropic import ChatAnthropic
from langchain_ollama import ChatOllama
from langchain_openai import ChatOpenAI
from mistralai import Mistral
from openai import OpenAI
from qdrant_client import QdrantClient

# Old provider, switched off in March:
# llm = ChatOpenAI(base_url="https://api.deepseek.com/v1", model="deepseek-chat")

llm = ChatOpenAI(
    model="gpt-4o-mini",
    base_url="https://eu.api.openai.com/v1",
    temperature=0,
)

claude = ChatAnthropic(model="claude-sonnet-4-5", max_tokens=1024)

bedrock = boto3.client("bedrock-runtime", region_name="eu-central-1")
BEDROCK_MODEL = "eu.anthropic.claude-3-7-sonnet-20250219-v1:0"

vertexai.init(project="acme-support-prod", location="europe-west4")

mistral = Mistral(api_key=os.environ["MISTRAL_API_KEY"], server="eu")

# A second client for the cheap summariser.
summariser = OpenAI(base_url="https://api.deepseek.com", api_key=os.getenv("DEEPSEEK_API_KEY"))

local = ChatOllama(base_url="http://localhost:11434", model="llama3.1")

vectors = QdrantClient(
    url="https://3f1c2a9e-7b4d-4c1e-9a55-0d2e6f8b1c3a.eu-central-1-0.aws.cloud.qdrant.io:6333",
    api_key=os.environ.get("QDRANT_API_KEY"),
)


def fingerprint(ticket_body: bytes) -> str:
    return hashlib.md5(ticket_body).hexdigest()


def cache_key(ticket_body: bytes) -> str:
    return hashlib.md5(ticket_body, usedforsecurity=False).hexdigest()


def legacy_decrypt(key: bytes, blob: bytes) -> bytes:
    return AES.new(key, AES.MODE_ECB).decrypt(blob)


def fetch_kb(url: str) -> str:
    return requests.get(url, timeout=10, verify=False).text
