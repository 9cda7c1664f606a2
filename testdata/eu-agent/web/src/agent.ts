import Anthropic from "@anthropic-ai/sdk";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { createOpenAI } from "@ai-sdk/openai";
import OpenAI from "openai";
import crypto from "node:crypto";
import https from "node:https";

// const kimi = new OpenAI({ baseURL: "https://api.moonshot.cn/v1" });
/* Docs: https://docs.anthropic.com/en/api/getting-started */

const anthropic = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });

const openrouter = createOpenAI({
  baseURL: "https://openrouter.ai/api/v1",
  apiKey: process.env.OPENROUTER_API_KEY,
});

const euOpenAI = new OpenAI({ dataResidency: "eu" });

const bedrock = new BedrockRuntimeClient({ region: "us-east-1" });

const DASHSCOPE_URL = "https://dashscope-intl.aliyuncs.com/compatible-mode/v1";

const EVENTS_SOCKET = "ws://events.acme-support.example.com/socket";

export const agent = new https.Agent({ rejectUnauthorized: false });

export function etag(body: string): string {
  return crypto.createHash("sha1").update(body).digest("hex");
}

export function seal(key: Buffer, data: Buffer): Buffer {
  const c = crypto.createCipheriv("aes-256-ecb", key, null);
  return Buffer.concat([c.update(data), c.final()]);
}

const pattern = /"https:\/\/api\.deepseek\.com"/;
