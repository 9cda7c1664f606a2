from langchain_community.llms import VLLMOpenAI
from openai import OpenAI
from pinecone import Pinecone, ServerlessSpec

lmstudio = OpenAI(base_url="http://localhost:1234/v1", api_key="lm-studio")
vllm = VLLMOpenAI(openai_api_base="http://vllm:8000/v1", model_name="meta-llama/Llama-3.1-8B-Instruct")
llamacpp = OpenAI(base_url="http://llama-server:8080/v1", api_key="none")
localai = OpenAI(base_url="http://localai:8080/v1", api_key="none")
unknown_port = OpenAI(base_url="http://10.0.3.7:9000/v1", api_key="none")
proxy = OpenAI(base_url="https://llm-proxy.acme.example/v1")

pc = Pinecone(api_key="pcsk_FAKE0fixture0key0000000000000000")
spec = ServerlessSpec(cloud="aws", region="eu-west-1")
