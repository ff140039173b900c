/** AI model providers and platforms. */
import { b62, type CatalogueEntry } from './entry.js';

export const AI: readonly CatalogueEntry[] = [
  // OpenAI
  { provider: 'openai', kind: 'project', pattern: `sk-proj-[${b62}_-]{40,200}`, source: 'gitleaks: openai-api-key', hosts: ['platform.openai.com'] },
  { provider: 'openai', kind: 'service-account', pattern: `sk-svcacct-[${b62}_-]{40,200}`, source: 'gitleaks: openai-api-key', hosts: ['platform.openai.com'] },
  { provider: 'openai', kind: 'admin', pattern: `sk-admin-[${b62}_-]{40,200}`, source: 'trufflehog: openaiadmin', hosts: ['platform.openai.com'] },
  { provider: 'openai', kind: 'legacy', pattern: `sk-[${b62}]{20}T3BlbkFJ[${b62}]{20}`, source: 'gitleaks: openai-api-key', hosts: ['platform.openai.com'] },
  // Anthropic
  { provider: 'anthropic', kind: 'api', pattern: `sk-ant-api\\d{2}-[${b62}_-]{80,120}`, source: 'gitleaks: anthropic-api-key', hosts: ['console.anthropic.com'] },
  { provider: 'anthropic', kind: 'admin', pattern: `sk-ant-admin\\d{2}-[${b62}_-]{80,120}`, source: 'gitleaks: anthropic-admin-api-key', hosts: ['console.anthropic.com'] },
  // Google's Gemini keys from AI Studio (the older ones are plain Google API keys, cloud.ts)
  { provider: 'google', kind: 'gemini-api-key', pattern: `AQ\\.Ab8RN6[${b62}_-]{44}`, source: 'betterleaks: gcp-gemini-api', hosts: ['aistudio.google.com'] },
  // Model hosts and inference platforms
  { provider: 'huggingface', kind: 'access-token', pattern: 'hf_[A-Za-z]{34}', source: 'gitleaks: huggingface-access-token', hosts: ['huggingface.co'] },
  { provider: 'huggingface', kind: 'organization-token', pattern: 'api_org_[A-Za-z]{34}', source: 'gitleaks: huggingface-organization-api-token', hosts: ['huggingface.co'] },
  { provider: 'groq', kind: 'api-key', pattern: `gsk_[${b62}]{52}`, source: 'trufflehog: groq', hosts: ['console.groq.com'] },
  { provider: 'replicate', kind: 'api-token', pattern: `r8_[${b62}]{37}`, source: 'betterleaks: replicate-api-token', hosts: ['replicate.com'] },
  { provider: 'mistral', kind: 'api-key', pattern: `[${b62}]{32}`, generic: 'label-or-host', source: 'betterleaks: mistral-api-key', hosts: ['console.mistral.ai'] },
  { provider: 'cohere', kind: 'api-key', pattern: `[${b62}]{40}`, generic: 'label-or-host', label: 'co_api_key', source: 'gitleaks: cohere-api-token', hosts: ['dashboard.cohere.com'] },
  { provider: 'pinecone', kind: 'api-key', pattern: `pcsk_[${b62}]{5,6}_[${b62}]{50,70}`, source: 'trufflehog: pinecone', hosts: ['app.pinecone.io'] },
  { provider: 'xai', kind: 'api-key', pattern: `xai-[${b62}]{80}`, source: 'trufflehog: xai', hosts: ['console.x.ai'] },
  { provider: 'openrouter', kind: 'api-key', pattern: 'sk-or-v1-[0-9a-f]{64}', source: 'trufflehog: openrouter', hosts: ['openrouter.ai'] },
  { provider: 'perplexity', kind: 'api-key', pattern: `pplx-[${b62}]{48}`, source: 'gitleaks: perplexity-api-key', hosts: ['www.perplexity.ai'] },
  { provider: 'deepseek', kind: 'api-key', pattern: 'sk-[0-9a-f]{32}', source: 'betterleaks: deepseek-api-key; trufflehog: deepseek', hosts: ['platform.deepseek.com'] },
  { provider: 'cerebras', kind: 'api-key', pattern: 'csk-[a-z0-9]{48}', source: 'betterleaks: cerebras-api-key', hosts: ['cloud.cerebras.ai'] },
  { provider: 'togetherai', kind: 'api-key', pattern: `tgp_v1_[${b62}_-]{43}`, source: 'betterleaks: togetherai-api-key', hosts: ['api.together.ai'] },
  { provider: 'nvidia', kind: 'api-key', pattern: `nvapi-[${b62}_-]{60,70}`, source: 'betterleaks: nvidia-api-key', hosts: ['build.nvidia.com'] },
  { provider: 'runpod', kind: 'api-key', pattern: `rpa_[A-Z0-9]{40}[${b62}]{6}`, source: 'betterleaks: runpod-api-key.1', hosts: ['console.runpod.io'] },
  { provider: 'minimax', kind: 'api-key', pattern: `sk-api-[${b62}_-]{119}`, source: 'betterleaks: minimax-api-key', hosts: ['platform.minimax.io'] },
  // Speech and audio
  { provider: 'elevenlabs', kind: 'api-key', pattern: 'sk_[0-9a-f]{48}', source: 'trufflehog: elevenlabs (v2); betterleaks: elevenlabs-api-key', hosts: ['elevenlabs.io'] },
  { provider: 'elevenlabs', kind: 'api-key-legacy', pattern: '[0-9a-f]{32}', generic: 'label', label: 'eleven[ _-]?labs|xi[_-]api[_-]key', source: 'trufflehog: elevenlabs (v1)', hosts: ['elevenlabs.io'] },
  { provider: 'assemblyai', kind: 'api-key', pattern: '[0-9a-f]{32}', generic: 'label', label: 'assembly[ _-]?ai', source: 'trufflehog: assemblyai; betterleaks: assemblyai-api-key', hosts: ['www.assemblyai.com'] },
  { provider: 'deepgram', kind: 'api-key', pattern: '[0-9a-f]{40}', generic: 'label', source: 'betterleaks: deepgram-api-key', hosts: ['console.deepgram.com'] },
  // Tooling around models: tracing, experiment tracking, coding agents
  { provider: 'langsmith', kind: 'personal-access-token', pattern: 'lsv2_pt_[0-9a-f]{32}_[0-9a-f]{10}', source: 'betterleaks: langchain-langsmith-personal-access-token', hosts: ['smith.langchain.com'] },
  { provider: 'langsmith', kind: 'service-key', pattern: 'lsv2_sk_[0-9a-f]{32}_[0-9a-f]{10}', source: 'betterleaks: langchain-langsmith-service-key', hosts: ['smith.langchain.com'] },
  { provider: 'wandb', kind: 'api-key', pattern: `wandb_v1_[${b62}_]{77}`, source: 'betterleaks: weights-and-biases-api-key-v1', hosts: ['wandb.ai'] },
  { provider: 'wandb', kind: 'api-key-legacy', pattern: '[0-9a-f]{40}', generic: 'label', label: 'weights[ _-]?(?:and|&)[ _-]?biases', source: 'betterleaks: weights-and-biases-api-key', hosts: ['wandb.ai'] },
  { provider: 'cursor', kind: 'api-key', pattern: 'key_[0-9a-f]{64}', generic: 'label', source: 'betterleaks: cursor-api-key', hosts: ['cursor.com'] },
  { provider: 'devin', kind: 'personal-api-key', pattern: 'apk_user_[A-Za-z0-9+/]{120,180}={0,2}', source: 'betterleaks: devin-personal-api-key', hosts: ['app.devin.ai'] },
  // Search APIs that agents call
  { provider: 'brave', kind: 'search-api-key', pattern: `BSA[${b62}_-]{24,40}`, source: 'betterleaks: brave-search-api-key', hosts: ['api-dashboard.search.brave.com'] },
  { provider: 'kagi', kind: 'api-key', pattern: `[${b62}_-]{11}\\.[${b62}_-]{43}`, generic: 'label', source: 'betterleaks: kagi-api-key', hosts: ['kagi.com'] },
];
