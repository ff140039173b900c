/** AI model providers and platforms. */
import { b62, type CatalogueEntry } from './entry.js';

export const AI: readonly CatalogueEntry[] = [
  // OpenAI
  { provider: 'openai', kind: 'project', pattern: `sk-proj-[${b62}_-]{40,200}`, hosts: ['platform.openai.com'] },
  { provider: 'openai', kind: 'service-account', pattern: `sk-svcacct-[${b62}_-]{40,200}`, hosts: ['platform.openai.com'] },
  { provider: 'openai', kind: 'admin', pattern: `sk-admin-[${b62}_-]{40,200}`, hosts: ['platform.openai.com'] },
  { provider: 'openai', kind: 'legacy', pattern: `sk-[${b62}]{20}T3BlbkFJ[${b62}]{20}`, hosts: ['platform.openai.com'] },
  // Anthropic
  { provider: 'anthropic', kind: 'api', pattern: `sk-ant-api\\d{2}-[${b62}_-]{80,120}`, hosts: ['console.anthropic.com'] },
  { provider: 'anthropic', kind: 'admin', pattern: `sk-ant-admin\\d{2}-[${b62}_-]{80,120}`, hosts: ['console.anthropic.com'] },
  // AI platforms
  { provider: 'huggingface', kind: 'access-token', pattern: 'hf_[A-Za-z]{34}', hosts: ['huggingface.co'] },
  { provider: 'groq', kind: 'api-key', pattern: `gsk_[${b62}]{52}`, hosts: ['console.groq.com'] },
  { provider: 'replicate', kind: 'api-token', pattern: `r8_[${b62}]{37}`, hosts: ['replicate.com'] },
  { provider: 'mistral', kind: 'api-key', pattern: `[${b62}]{32}`, generic: 'label-or-host', hosts: ['console.mistral.ai'] },
  { provider: 'cohere', kind: 'api-key', pattern: `[${b62}]{40}`, generic: 'label-or-host', hosts: ['dashboard.cohere.com'] },
  { provider: 'pinecone', kind: 'api-key', pattern: `pcsk_[${b62}]{5,6}_[${b62}]{50,70}`, hosts: ['app.pinecone.io'] },
  { provider: 'xai', kind: 'api-key', pattern: `xai-[${b62}]{80}`, hosts: ['console.x.ai'] },
  { provider: 'openrouter', kind: 'api-key', pattern: 'sk-or-v1-[0-9a-f]{64}', hosts: ['openrouter.ai'] },
  { provider: 'perplexity', kind: 'api-key', pattern: `pplx-[${b62}]{48}`, hosts: ['www.perplexity.ai'] },
];
