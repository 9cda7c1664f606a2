#!/usr/bin/env bash
# Builds the held-out sets: public repositories no rule was written
# against when they were fetched, at pinned commits, their files only,
# under DIR (default ../corpus/heldout). Set 1 (2026-12-03) has since
# informed fixes, so it is held out no longer; sets 2 and 3 (2026-12-07)
# were fetched to measure the fifth session's fixes on code they were not
# written for, and informed some of them in turn (BENCHMARKS.md says
# which). Set 4 was fetched at the end of that session and measured
# without a change made for it, then informed two fixes. Set 5 (fetched
# 2026-12-07, sixth session) was measured first, before any change. Set 6
# (the same day) is three vulnerable-by-design MCP collections that are no
# fork of the development corpus's, for poisoning recall held out. Set 7
# (fetched 2026-12-07, seventh session) is eight vendor servers, measured
# first, before any change; set 8 (the same session, later) likewise, with
# the binary that set 7 had informed. Set 9 (fetched 2026-12-07, eighth
# session) is nine more servers in Python, TypeScript and Go, measured
# first, before any change; set 10 (the same session, later) likewise,
# with the binary set 9 had informed, and set 11 at the end of it, with
# the binary set 10 had informed; set 12, last, with the session's final
# binary, as the figure the session ends on.
# bench/trees.sh runs two binaries over a set.
#
#   bench/heldout-corpus.sh [DIR] [SET]     SET: 1 to 12 or all (default all)
set -euo pipefail
dir=${1:-$(cd "$(dirname "$0")/../.." && pwd)/corpus/heldout}
set=${2:-all}
{
  if [ "$set" = 1 ] || [ "$set" = all ]; then cat <<'LIST'
microsoft/playwright-mcp 7e0457a7cbf88823bf0146d12c46ae12c6818247
jlowin/fastmcp b14b137fddc3145d6b4abd0b3a3f1a11dfc370b0
stripe/agent-toolkit 57599ddf4e666528da7cc1abbfc1a96ea02610f7
supabase-community/supabase-mcp 17fb90f8655ad1ce7ee320614d22eb68bb26e510
mark3labs/mcp-go 56af04b2a9aedefa7756d9eef77065e4275a7ae6
Zie619/n8n-workflows 94007c1445d9258a7da116646b79473e7c7c3282
enescingoz/awesome-n8n-templates 077f1851afc30652e079ee808a4f69ccd88c5f70
langchain-ai/open_deep_research 408da442a661ea5e40a6163329f82e3f22628949
LIST
  fi
  if [ "$set" = 2 ] || [ "$set" = all ]; then cat <<'LIST'
FlowiseAI/FlowiseChatEmbed 9f6ac5191e7f2dc81aeabd07ca6ebab74fdb9742
elastic/mcp-server-elasticsearch a2b050d07c1e0af19974f63efa20f4553cb43b2b
firecrawl/firecrawl-mcp-server 678c92a430849b8be90e70f3c0607ac1c8b0bee8
hashicorp/terraform-mcp-server 42b9fe7d8438f2d86fc6ffd43039b23b5737148a
langchain-ai/langgraph f09cfe8ffc1eeffd68f4b628ed69c30f7cad229f
mongodb-js/mongodb-mcp-server 36a405e33817577f0c5a34d6d9479c0285fac5e4
n8n-io/self-hosted-ai-starter-kit 9ccbaf42e007369453acaec60b9808cf8e6cdb44
neondatabase/mcp-server-neon 94928121944167d82d9b2b865bcdc5469631557d
redis/mcp-redis 5945b0b5b098c9a1882075a161a6a58f23de81ed
LIST
  fi
  if [ "$set" = 3 ] || [ "$set" = all ]; then cat <<'LIST'
vercel/ai-chatbot 9d5d8a3ea7968522a37ab1cc145a6c0ef8a9dd2e
coleam00/ottomator-agents 2be20d5737fc49aa0f665a012f3ffde283d26d54
openai/openai-agents-python 7f7a44f8dc0650296bd5ab6c745c9bcbaa6ac3b7
LIST
  fi
  if [ "$set" = 4 ] || [ "$set" = all ]; then cat <<'LIST'
makenotion/notion-mcp-server 1d38420769c8a1fe2d583ff1e7d2d108d4eb0b30
tavily-ai/tavily-mcp 7bcf90750ef5180968b78abb891eed837d9f7c20
qdrant/mcp-server-qdrant e4ec69b2daa187c8de86d860f09192200b4c834a
exa-labs/exa-mcp-server 15ffb50519e719dc791cdc750ce5ed1934c0a1ed
browserbase/mcp-server-browserbase 1e196b3d3c4dc70944e0d19038dd9eb3608b207a
LIST
  fi
  if [ "$set" = 5 ] || [ "$set" = all ]; then cat <<'LIST'
getsentry/sentry-mcp 4a109327ef3cc3b20b36ac18edbce68d37010565
brave/brave-search-mcp-server 2748b47a378dc1a7e21551a8bd7726af38f65b6c
chroma-core/chroma-mcp 078dc678636b687f345ea64509a9fe2ec39f5b7b
pydantic/logfire-mcp 9850c41df97499ea96eb16e2d389ceb33c205059
microsoft/azure-devops-mcp 7ecd6f77bc33482f2455eb7283217636267291d8
isaacphi/mcp-language-server e4395849a52e18555361abab60a060802c06bf50
motherduckdb/mcp-server-motherduck adef923b42425751265d478431eaf9dafa8846bc
LIST
  fi
  if [ "$set" = 6 ] || [ "$set" = all ]; then cat <<'LIST'
slowmist/MasterMCP c54ba3c771e77c2cc0be1f1190b2a5a3574e7a9f
beejak/Vulnerable-MCP-Server 03534e2f6da5cc83c67de084d16656ade71d8902
Isaac-theori/Vulnerable-MCP-server 79998ab3d6b3788fd449659a95f5360ddd857313
LIST
  fi
  if [ "$set" = 7 ] || [ "$set" = all ]; then cat <<'LIST'
sooperset/mcp-atlassian 436b37e4854aacad0aee3ce47baafb6fdb4162a7
wonderwhy-er/DesktopCommanderMCP 1eccc8b09cc09805202a1737fd20d605356c3671
korotovsky/slack-mcp-server b24b1b08af740d5c710f556d45a5b8ba3acc0ebc
ClickHouse/mcp-clickhouse cb75c276fbe67592e33142cf1760ddb7ce63a84b
heroku/heroku-mcp-server de94a9c50cbf73f79210c0bf19111f96995eac4d
elevenlabs/elevenlabs-mcp c93b790e8ce163d4793a13d93f539fe824f160e0
pinecone-io/pinecone-mcp a15d4b9ebc2e81ef35586218bdcde63c49c1bd9c
dbt-labs/dbt-mcp c964666f0dcbbd8d6c9dd3abf0fe518ea5a0f6bd
LIST
  fi
  if [ "$set" = 8 ] || [ "$set" = all ]; then cat <<'LIST'
GLips/Figma-Context-MCP c083d65c7e002923e7cb98f4e3bdafb105e90f6d
neo4j-contrib/mcp-neo4j dbc01ba78f171851f2d57dcd125b028c29912fd1
getzep/graphiti 993e081a6d7948a0d8851c12a5fbdbeb49fed862
oraios/serena 7fcbca7e62555ec2287ddb2f083caee805848ea6
21st-dev/magic-mcp dfba16c1b9baa63ed4efd0c69121ed08ba697b1a
auth0/auth0-mcp-server c2709eb5630c5850c94826f54a2fbc8131fb6d48
box-community/mcp-server-box 50f4b677d6ffc2bad19a82e0f6f24eb644c0b02d
mark3labs/mcp-filesystem-server 830bc892adf9421d496c8192e0a7e8048892fbd4
LIST
  fi
  if [ "$set" = 9 ] || [ "$set" = all ]; then cat <<'LIST'
haris-musa/excel-mcp-server f0c0ecdcd7e5c13fb446f12f3b6c8e3e729f6417
GongRzhe/Office-Word-MCP-Server 568d8d8a1f70fe87074e001397599b634639bf9e
mrexodia/ida-pro-mcp 2ca65ed8f505c912bb921fd8873e7d757bdf627b
perplexityai/modelcontextprotocol df5e29a5a17c694b5de144c7a3ac56d3377bc079
apify/actors-mcp-server 6216fa40638616c481ce401cd671a112e897e42a
Jpisnice/shadcn-ui-mcp-server deb6bb8f710f551a9d41faec1d21177fb8e0ff4c
lharries/whatsapp-mcp a45960fdbf9ce49042aa88232b45f4a9559f87a2
StacklokLabs/mkp 4f9565638f0ad6ef1c9f5bc814d14cd6f7cf1b40
grafana/loki-mcp c8148563dd268126314e008fc1dc71930b6c7b61
LIST
  fi
  if [ "$set" = 10 ] || [ "$set" = all ]; then cat <<'LIST'
CursorTouch/Windows-MCP a4016e79bddd9aacf6d963d48669d2299e424066
runekaagaard/mcp-alchemy f9d984ef2c15e3fd8808f88bedb3b31843548937
taylorwilsdon/google_workspace_mcp e9deca70cef32445b67e39795a64448b7fe22d27
hyperbrowserai/mcp 7492e83cf1825b3cf9725bfa25c5086df702599a
e2b-dev/mcp-server dba87432cacaa7a5af1326d72e37e2d770628a0b
zcaceres/markdownify-mcp 024f97cea9a94cd842c445eea4503c442c79bd71
hangwin/mcp-chrome 2b2d1ca66ea506e8144db4041db031fd3458d397
strowk/mcp-k8s-go 138de43f7786e7376e511299426fb25d6cc3adbf
LIST
  fi
  if [ "$set" = 11 ] || [ "$set" = all ]; then cat <<'LIST'
MarkusPfundstein/mcp-obsidian eb33932a66eebda9eb44745e5d31f5c0fe21fee2
ckreiling/mcp-server-docker 6288015cee6b76b2e2bf2c64232f0748baf48c1c
GreptimeTeam/greptimedb-mcp-server ded5d7ab97d11a2a15eecef9e9bd27bcd9957c76
Snowflake-Labs/mcp 933a5f3f78bce24d46e2f064ab2737d5b1a95c56
tinybirdco/mcp-tinybird 3a94f2abd101aea9e0b974d7f538731a92a2d23c
evalstate/mcp-hfspace b9e3903f1fb679629ec2995697b444700bcf001a
JetBrains/mcp-jetbrains 4a7c451304d76a08d89310f9fb143c5e212d6429
inercia/MCPShell 53659d8a026cad5b2254e46f6830a598a1d99910
LIST
  fi
  if [ "$set" = 12 ] || [ "$set" = all ]; then cat <<'LIST'
blazickjp/arxiv-mcp-server 78eaa8418ee81fd919c5754acf24c6e863404aad
ferrislucas/iterm-mcp 936182b2bbcdada70cf93d0284a48ab227d06a02
cyanheads/git-mcp-server 0049b5fbce2d56598bf2b34f70e4f105ee153367
GongRzhe/Gmail-MCP-Server a890d19189bbc1325b8728fab830fc278cfd8804
antvis/mcp-server-chart 13c3268eecd78c2bcbe5e15112c14c406ec40817
1Panel-dev/mcp-1panel 531ceb760bcead409d6e500113049881fc02c8c9
Flux159/mcp-server-kubernetes 1ece64e6a9a52b62c9d1ac39e38331a357f89666
jina-ai/MCP ae01f8a42e326eeb0b1ad3cf596e0613ea42f26e
LIST
  fi
} | "$(dirname "$0")/pinned.sh" "$dir"
find "$dir" -mindepth 1 -maxdepth 1 -type d | wc -l
