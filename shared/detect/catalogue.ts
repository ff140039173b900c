/**
 * What API keys look like, one entry per provider and key kind: data, not code paths. `pattern` matches
 * the whole key (no anchors; the detector adds its own boundaries).
 *
 * Entries marked `generic` have no distinctive prefix (32 hex, 40 alphanumerics, UUIDs): they count
 * only with a label next to them (`'label'`), or with a label or on the provider's dashboard host
 * (`'label-or-host'`), never on their own. Hex-only and UUID shapes need the label even on the host:
 * dashboards show commit hashes and request ids too.
 *
 * A pattern whose alphabet has `.` ends in a class without it, so a full stop after a key is not taken
 * for part of it.
 *
 * Formats are the providers' documented or widely observed ones; where a provider embeds a checksum,
 * `checksum` names it and the detector verifies it (checksum.ts).
 */

export type Checksum = 'github-crc32' | 'npm-crc32' | 'vercel-crc32' | 'gitlab-crc32' | 'keyhaven-crc32';

export interface CatalogueEntry {
  provider: string;
  kind: string;
  /** Regular expression source for the whole key, without anchors or flags. */
  pattern: string;
  /** No distinctive prefix: what else must be there for the shape to count. */
  generic?: 'label' | 'label-or-host';
  /** A label that names this provider's key outright (AWS's "Secret access key"), as regex source. */
  label?: string;
  checksum?: Checksum;
  /** Half of a pair the caller joins into one item (an AWS access key id and its secret). */
  pair?: { group: string; role: 'id' | 'secret' };
  /** Dashboard hosts where this provider shows new keys (subdomains included; the content script runs there). */
  hosts?: string[];
}

const b62 = 'A-Za-z0-9';

export const CATALOGUE: readonly CatalogueEntry[] = [
  // KeyHaven's own access tokens (docs/crypto.md §25): a page or file showing one has leaked it.
  { provider: 'keyhaven', kind: 'access-token', pattern: `kh_[${b62}]{49}`, checksum: 'keyhaven-crc32' },
  // OpenAI
  { provider: 'openai', kind: 'project', pattern: `sk-proj-[${b62}_-]{40,200}`, hosts: ['platform.openai.com'] },
  { provider: 'openai', kind: 'service-account', pattern: `sk-svcacct-[${b62}_-]{40,200}`, hosts: ['platform.openai.com'] },
  { provider: 'openai', kind: 'admin', pattern: `sk-admin-[${b62}_-]{40,200}`, hosts: ['platform.openai.com'] },
  { provider: 'openai', kind: 'legacy', pattern: `sk-[${b62}]{20}T3BlbkFJ[${b62}]{20}`, hosts: ['platform.openai.com'] },
  // Anthropic
  { provider: 'anthropic', kind: 'api', pattern: `sk-ant-api\\d{2}-[${b62}_-]{80,120}`, hosts: ['console.anthropic.com'] },
  { provider: 'anthropic', kind: 'admin', pattern: `sk-ant-admin\\d{2}-[${b62}_-]{80,120}`, hosts: ['console.anthropic.com'] },
  // Stripe
  { provider: 'stripe', kind: 'secret-live', pattern: `sk_live_[${b62}]{24,247}`, hosts: ['dashboard.stripe.com'] },
  { provider: 'stripe', kind: 'secret-test', pattern: `sk_test_[${b62}]{24,247}`, hosts: ['dashboard.stripe.com'] },
  { provider: 'stripe', kind: 'restricted-live', pattern: `rk_live_[${b62}]{24,247}`, hosts: ['dashboard.stripe.com'] },
  { provider: 'stripe', kind: 'restricted-test', pattern: `rk_test_[${b62}]{24,247}`, hosts: ['dashboard.stripe.com'] },
  { provider: 'stripe', kind: 'publishable-live', pattern: `pk_live_[${b62}]{24,247}`, hosts: ['dashboard.stripe.com'] },
  { provider: 'stripe', kind: 'publishable-test', pattern: `pk_test_[${b62}]{24,247}`, hosts: ['dashboard.stripe.com'] },
  // GitHub (the last six characters are a base62 CRC32 of the rest)
  { provider: 'github', kind: 'classic-pat', pattern: `ghp_[${b62}]{36}`, checksum: 'github-crc32', hosts: ['github.com'] },
  { provider: 'github', kind: 'fine-grained-pat', pattern: `github_pat_[${b62}]{22}_[${b62}]{59}`, hosts: ['github.com'] },
  { provider: 'github', kind: 'oauth', pattern: `gho_[${b62}]{36}`, checksum: 'github-crc32', hosts: ['github.com'] },
  { provider: 'github', kind: 'user-to-server', pattern: `ghu_[${b62}]{36}`, checksum: 'github-crc32', hosts: ['github.com'] },
  { provider: 'github', kind: 'server-to-server', pattern: `ghs_[${b62}]{36}`, checksum: 'github-crc32', hosts: ['github.com'] },
  { provider: 'github', kind: 'installation', pattern: `ghs_[${b62}_.-]{79,499}[${b62}_-]`, hosts: ['github.com'] },
  { provider: 'github', kind: 'refresh', pattern: `ghr_[${b62}]{36,76}`, hosts: ['github.com'] },
  // GitLab
  { provider: 'gitlab', kind: 'pat', pattern: `glpat-[${b62}_-]{20}`, hosts: ['gitlab.com'] },
  { provider: 'gitlab', kind: 'pat-routable', pattern: `glpat-[${b62}_-]{27,300}\\.[0-9a-z]{2}\\.[0-9a-z]{9}`, checksum: 'gitlab-crc32', hosts: ['gitlab.com'] },
  { provider: 'gitlab', kind: 'deploy', pattern: `gldt-[${b62}_-]{20,300}`, hosts: ['gitlab.com'] },
  { provider: 'gitlab', kind: 'runner', pattern: `glrt-[${b62}_-]{20,300}`, hosts: ['gitlab.com'] },
  // AWS: the id is distinctive, the secret is not (it is found next to its id or its label)
  { provider: 'aws', kind: 'access-key-id', pattern: '(?:AKIA|ASIA)[A-Z2-7]{16}', pair: { group: 'aws', role: 'id' }, hosts: ['console.aws.amazon.com'] },
  { provider: 'aws', kind: 'secret-access-key', pattern: '[A-Za-z0-9/+]{40}', generic: 'label-or-host', label: 'secret access key|aws_secret_access_key|secret key', pair: { group: 'aws', role: 'secret' }, hosts: ['console.aws.amazon.com'] },
  // Google
  { provider: 'google', kind: 'api-key', pattern: `AIza[${b62}_-]{35}`, hosts: ['console.cloud.google.com', 'aistudio.google.com'] },
  // Slack
  { provider: 'slack', kind: 'bot', pattern: 'xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24,34}', hosts: ['api.slack.com'] },
  { provider: 'slack', kind: 'user', pattern: 'xoxp-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32}', hosts: ['api.slack.com'] },
  { provider: 'slack', kind: 'webhook', pattern: 'https://hooks\\.slack\\.com/services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{24}', hosts: ['api.slack.com'] },
  // Twilio
  { provider: 'twilio', kind: 'api-key', pattern: 'SK[0-9a-f]{32}', hosts: ['console.twilio.com'] },
  { provider: 'twilio', kind: 'auth-token', pattern: '[0-9a-f]{32}', generic: 'label', hosts: ['console.twilio.com'] },
  // Email
  { provider: 'sendgrid', kind: 'api-key', pattern: `SG\\.[${b62}_-]{22}\\.[${b62}_-]{43}`, hosts: ['app.sendgrid.com'] },
  { provider: 'mailgun', kind: 'api-key', pattern: 'key-[0-9a-f]{32}', hosts: ['app.mailgun.com'] },
  { provider: 'mailgun', kind: 'api-key', pattern: '[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}', hosts: ['app.mailgun.com'] },
  { provider: 'postmark', kind: 'server-token', pattern: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', generic: 'label', hosts: ['account.postmarkapp.com'] },
  { provider: 'resend', kind: 'api-key', pattern: `re_[${b62}]{8}_[${b62}]{24}`, hosts: ['resend.com'] },
  // Package registries
  { provider: 'npm', kind: 'access-token', pattern: `npm_[${b62}]{36}`, checksum: 'npm-crc32', hosts: ['www.npmjs.com'] },
  { provider: 'pypi', kind: 'api-token', pattern: `pypi-AgEIcHlwaS5vcmc[${b62}_-]{50,}`, hosts: ['pypi.org'] },
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
  // Commerce
  { provider: 'shopify', kind: 'admin-access-token', pattern: 'shpat_[a-fA-F0-9]{32}', hosts: ['admin.shopify.com'] },
  { provider: 'shopify', kind: 'custom-app-token', pattern: 'shpca_[a-fA-F0-9]{32}', hosts: ['admin.shopify.com'] },
  { provider: 'shopify', kind: 'private-app-token', pattern: 'shppa_[a-fA-F0-9]{32}', hosts: ['admin.shopify.com'] },
  { provider: 'shopify', kind: 'shared-secret', pattern: 'shpss_[a-fA-F0-9]{32}', hosts: ['admin.shopify.com'] },
  { provider: 'square', kind: 'access-token', pattern: `EAAA[${b62}_-]{60}`, hosts: ['developer.squareup.com'] },
  { provider: 'square', kind: 'oauth-secret', pattern: `sq0csp-[${b62}_-]{43}`, hosts: ['developer.squareup.com'] },
  // Infrastructure
  { provider: 'digitalocean', kind: 'personal-access-token', pattern: 'dop_v1_[a-f0-9]{64}', hosts: ['cloud.digitalocean.com'] },
  { provider: 'digitalocean', kind: 'oauth', pattern: 'doo_v1_[a-f0-9]{64}', hosts: ['cloud.digitalocean.com'] },
  { provider: 'digitalocean', kind: 'refresh', pattern: 'dor_v1_[a-f0-9]{64}', hosts: ['cloud.digitalocean.com'] },
  { provider: 'heroku', kind: 'api-key', pattern: `HRKU-AA[${b62}_-]{58}`, hosts: ['dashboard.heroku.com'] },
  { provider: 'datadog', kind: 'api-key', pattern: '[0-9a-f]{32}', generic: 'label', hosts: ['app.datadoghq.com', 'app.datadoghq.eu'] },
  { provider: 'datadog', kind: 'application-key', pattern: '[0-9a-f]{40}', generic: 'label', hosts: ['app.datadoghq.com', 'app.datadoghq.eu'] },
  { provider: 'cloudflare', kind: 'api-token', pattern: `[${b62}_-]{40}`, generic: 'label-or-host', hosts: ['dash.cloudflare.com'] },
  { provider: 'supabase', kind: 'access-token', pattern: 'sbp_[a-f0-9]{40}', hosts: ['supabase.com'] },
  { provider: 'supabase', kind: 'secret', pattern: `sb_secret_[${b62}_-]{31,64}`, hosts: ['supabase.com'] },
  { provider: 'vercel', kind: 'token', pattern: `vc[pikar]_[${b62}]{50,70}`, checksum: 'vercel-crc32', hosts: ['vercel.com'] },
  { provider: 'vercel', kind: 'token-legacy', pattern: `[${b62}]{24}`, generic: 'label-or-host', hosts: ['vercel.com'] },
  { provider: 'doppler', kind: 'token', pattern: `dp\\.(?:st|pt|sa|ct|scim|audit)\\.[${b62}_.-]{39,59}[${b62}_-]`, hosts: ['dashboard.doppler.com'] },
  // Collaboration
  { provider: 'linear', kind: 'api-key', pattern: `lin_api_[${b62}]{40}`, hosts: ['linear.app'] },
  { provider: 'notion', kind: 'integration', pattern: `ntn_[0-9]{11}[${b62}]{35}`, hosts: ['www.notion.so'] },
  { provider: 'notion', kind: 'integration-legacy', pattern: `secret_[${b62}]{43}`, hosts: ['www.notion.so'] },
  { provider: 'figma', kind: 'personal-access-token', pattern: `figd_[${b62}_-]{40,}`, hosts: ['www.figma.com'] },
  { provider: 'atlassian', kind: 'api-token', pattern: `ATATT3[${b62}_=-]{150,250}`, hosts: ['id.atlassian.com'] },
  // Chat
  { provider: 'discord', kind: 'bot-token', pattern: `[MNO][${b62}_-]{23,27}\\.[${b62}_-]{6}\\.[${b62}_-]{27,40}`, hosts: ['discord.com'] },
  { provider: 'discord', kind: 'webhook', pattern: 'https://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,72}', hosts: ['discord.com'] },
  { provider: 'telegram', kind: 'bot-token', pattern: '[0-9]{8,10}:AA[A-Za-z0-9_-]{33}', hosts: ['web.telegram.org'] },
];
