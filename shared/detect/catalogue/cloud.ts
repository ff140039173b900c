/** Cloud, hosting and infrastructure providers. */
import { b62, type CatalogueEntry } from './entry.js';

/** Standard base64, as a character-class body (Azure and Fly.io keys, AWS secrets). */
const b64 = 'A-Za-z0-9+/';
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const CLOUD: readonly CatalogueEntry[] = [
  // AWS: the id is distinctive, the secret is not (it is found next to its id or its label). One entry per
  // id prefix, so the shape tests of shape.ts see only the 16 random characters (AWS ids that spell words).
  { provider: 'aws', kind: 'access-key-id', pattern: 'AKIA[A-Z2-7]{16}', pair: { group: 'aws', role: 'id' }, source: 'gitleaks: aws-access-token', hosts: ['console.aws.amazon.com'] },
  { provider: 'aws', kind: 'access-key-id', pattern: 'ASIA[A-Z2-7]{16}', pair: { group: 'aws', role: 'id' }, source: 'gitleaks: aws-access-token', hosts: ['console.aws.amazon.com'] },
  { provider: 'aws', kind: 'secret-access-key', pattern: `[${b64}]{40}`, generic: 'label-or-host', label: 'secret access key|aws_secret_access_key', pair: { group: 'aws', role: 'secret' }, source: 'betterleaks: aws-secret-access-key', hosts: ['console.aws.amazon.com'] },
  { provider: 'aws', kind: 'bedrock-api-key', pattern: `ABSK[${b64}]{109,269}={0,2}`, source: 'gitleaks: aws-amazon-bedrock-api-key-long-lived', hosts: ['console.aws.amazon.com'] },
  { provider: 'aws', kind: 'bedrock-api-key-short-lived', pattern: `bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[${b64}]{100,3000}={0,2}`, source: 'gitleaks: aws-amazon-bedrock-api-key-short-lived', hosts: ['console.aws.amazon.com'] },
  // Google
  { provider: 'google', kind: 'api-key', pattern: `AIza[${b62}_-]{35}`, source: 'gitleaks: gcp-api-key', hosts: ['console.cloud.google.com', 'aistudio.google.com'] },
  // Azure (AD client secrets hold `~`, which runs.ts does not count as a key character yet: not listed)
  { provider: 'azure', kind: 'storage-account-key', pattern: `[${b64}]{86}==`, generic: 'label', label: 'accountkey|storage[ _-]?account[ _-]?key', source: 'betterleaks: azure-storage-account-key', hosts: ['portal.azure.com'] },
  { provider: 'azure', kind: 'openai-key', pattern: '[0-9a-f]{32}', generic: 'label', label: 'azure[ _-]?openai|openai\\.azure', source: 'trufflehog: azure_openai', hosts: ['oai.azure.com'] },
  // Cloudflare: since 2026 every new token is prefixed, 40 characters then an 8-hex checksum (its algorithm is not published)
  { provider: 'cloudflare', kind: 'user-api-token', pattern: `cfut_[${b62}]{40}[0-9a-f]{8}`, source: 'https://developers.cloudflare.com/fundamentals/api/get-started/token-formats/', hosts: ['dash.cloudflare.com'] },
  { provider: 'cloudflare', kind: 'account-api-token', pattern: `cfat_[${b62}]{40}[0-9a-f]{8}`, source: 'https://developers.cloudflare.com/fundamentals/api/get-started/token-formats/', hosts: ['dash.cloudflare.com'] },
  { provider: 'cloudflare', kind: 'global-api-key', pattern: `cfk_[${b62}]{40}[0-9a-f]{8}`, source: 'https://developers.cloudflare.com/fundamentals/api/get-started/token-formats/', hosts: ['dash.cloudflare.com'] },
  { provider: 'cloudflare', kind: 'origin-ca-key', pattern: 'v1\\.0-[0-9a-f]{24}-[0-9a-f]{146}', source: 'gitleaks: cloudflare-origin-ca-key', hosts: ['dash.cloudflare.com'] },
  { provider: 'cloudflare', kind: 'api-token', pattern: `[${b62}_-]{40}`, generic: 'label-or-host', source: 'gitleaks: cloudflare-api-key (pre-2026 format)', hosts: ['dash.cloudflare.com'] },
  { provider: 'cloudflare', kind: 'global-api-key-legacy', pattern: '[0-9a-f]{37,45}', generic: 'label', label: 'global[ _-]?api[ _-]?key|x-auth-key|cf_api_key', source: 'https://developers.cloudflare.com/fundamentals/api/get-started/token-formats/ (pre-2026: 37–45 lowercase hex)', hosts: ['dash.cloudflare.com'] },
  // Hosting platforms
  // Vercel (2025): vcp_ personal, vci_ integration, vca_/vcr_ app access/refresh, vck_ API key; 50 random
  // characters, then the base62 CRC32 of them (Vercel's docs app-token example passes it). One entry per
  // prefix, so the whole prefix is known and a look-alike with a failed checksum is not taken for a generic key.
  { provider: 'vercel', kind: 'token', pattern: `vcp_[${b62}_-]{50}[${b62}]{6}`, checksum: 'vercel-crc32', source: 'https://vercel.com/changelog/new-token-formats-and-secret-scanning; kingfisher: vercel (50 [A-Za-z0-9_-] + base62 CRC32)', hosts: ['vercel.com'] },
  { provider: 'vercel', kind: 'token', pattern: `vci_[${b62}_-]{50}[${b62}]{6}`, checksum: 'vercel-crc32', source: 'https://vercel.com/changelog/new-token-formats-and-secret-scanning; kingfisher: vercel (50 [A-Za-z0-9_-] + base62 CRC32)', hosts: ['vercel.com'] },
  { provider: 'vercel', kind: 'token', pattern: `vca_[${b62}_-]{50}[${b62}]{6}`, checksum: 'vercel-crc32', source: 'https://vercel.com/changelog/new-token-formats-and-secret-scanning; kingfisher: vercel (50 [A-Za-z0-9_-] + base62 CRC32)', hosts: ['vercel.com'] },
  { provider: 'vercel', kind: 'token', pattern: `vcr_[${b62}_-]{50}[${b62}]{6}`, checksum: 'vercel-crc32', source: 'https://vercel.com/changelog/new-token-formats-and-secret-scanning; kingfisher: vercel (50 [A-Za-z0-9_-] + base62 CRC32)', hosts: ['vercel.com'] },
  { provider: 'vercel', kind: 'token', pattern: `vck_[${b62}_-]{50}[${b62}]{6}`, checksum: 'vercel-crc32', source: 'https://vercel.com/changelog/new-token-formats-and-secret-scanning; kingfisher: vercel (50 [A-Za-z0-9_-] + base62 CRC32)', hosts: ['vercel.com'] },
  { provider: 'vercel', kind: 'token-legacy', pattern: `[${b62}]{24}`, generic: 'label-or-host', source: 'trufflehog: vercel', hosts: ['vercel.com'] },
  { provider: 'netlify', kind: 'personal-access-token', pattern: `nfp_[${b62}_]{36}`, source: 'trufflehog: netlify (v2)', hosts: ['app.netlify.com'] },
  { provider: 'netlify', kind: 'access-token-legacy', pattern: `[${b62}_-]{43,45}`, generic: 'label', source: 'trufflehog: netlify (v1)', hosts: ['app.netlify.com'] },
  { provider: 'flyio', kind: 'org-token', pattern: `fo1_[${b62}_-]{43}`, source: 'gitleaks: flyio-access-token', hosts: ['fly.io'] },
  { provider: 'flyio', kind: 'macaroon', pattern: `fm2_[${b64}]{100,3000}={0,3}`, source: 'gitleaks: flyio-access-token', hosts: ['fly.io'] },
  { provider: 'flyio', kind: 'macaroon-legacy', pattern: `fm1[ar]_[${b64}]{100,3000}={0,3}`, source: 'gitleaks: flyio-access-token', hosts: ['fly.io'] },
  { provider: 'render', kind: 'api-key', pattern: `rnd_[${b62}]{28}`, source: 'betterleaks: render-api-key', hosts: ['dashboard.render.com'] },
  { provider: 'railway', kind: 'api-token', pattern: uuid, generic: 'label', source: 'trufflehog: railwayapp', hosts: ['railway.com'] },
  { provider: 'heroku', kind: 'api-key', pattern: `HRKU-AA[${b62}_-]{58}`, source: 'gitleaks: heroku-api-key-v2', hosts: ['dashboard.heroku.com'] },
  { provider: 'heroku', kind: 'api-key-legacy', pattern: uuid, generic: 'label', source: 'gitleaks: heroku-api-key', hosts: ['dashboard.heroku.com'] },
  { provider: 'deno', kind: 'access-token', pattern: `dd[pw]_[${b62}]{36}`, source: 'trufflehog: deno; betterleaks: deno-account-token', hosts: ['dash.deno.com'] },
  { provider: 'supabase', kind: 'access-token', pattern: 'sbp_[a-f0-9]{40}', source: 'betterleaks: supabase-management-token', hosts: ['supabase.com'] },
  { provider: 'supabase', kind: 'secret', pattern: `sb_secret_[${b62}_-]{31,64}`, source: 'betterleaks: supabase-project-api-key', hosts: ['supabase.com'] },
  { provider: 'scalingo', kind: 'api-token', pattern: `tk-us-[${b62}_-]{48}`, source: 'gitleaks: scalingo-api-token', hosts: ['dashboard.scalingo.com'] },
  { provider: 'valtown', kind: 'api-token', pattern: `vtwn_[${b62}_-]{20,80}`, source: 'betterleaks: val-town-api-token.1', hosts: ['www.val.town'] },
  { provider: 'apify', kind: 'api-token', pattern: `apify_api_[${b62}]{34,38}`, source: 'betterleaks: apify-api-token', hosts: ['console.apify.com'] },
  { provider: 'zuplo', kind: 'consumer-api-key', pattern: 'zpka_[a-z0-9]{32}_[0-9a-f]{8}', source: 'betterleaks: zuplo-consumer-api-key.1', hosts: ['portal.zuplo.com'] },
  // Infrastructure clouds
  { provider: 'digitalocean', kind: 'personal-access-token', pattern: 'dop_v1_[a-f0-9]{64}', source: 'gitleaks: digitalocean-pat', hosts: ['cloud.digitalocean.com'] },
  { provider: 'digitalocean', kind: 'oauth', pattern: 'doo_v1_[a-f0-9]{64}', source: 'gitleaks: digitalocean-access-token', hosts: ['cloud.digitalocean.com'] },
  { provider: 'digitalocean', kind: 'refresh', pattern: 'dor_v1_[a-f0-9]{64}', source: 'gitleaks: digitalocean-refresh-token', hosts: ['cloud.digitalocean.com'] },
  { provider: 'digitalocean', kind: 'token-legacy', pattern: '[0-9a-f]{64}', generic: 'label', label: 'digital[ _-]?ocean|doctl', source: 'trufflehog: digitaloceantoken (the pre-2021 tokens: 64 hex)', hosts: ['cloud.digitalocean.com'] },
  { provider: 'alibaba', kind: 'access-key-id', pattern: `LTAI[${b62}]{17,21}`, source: 'gitleaks: alibaba-access-key-id; betterleaks: alibaba-access-key-id (17–21)', hosts: ['ram.console.aliyun.com'] },
  { provider: 'alibaba', kind: 'access-key-secret', pattern: `[${b62}]{30}`, generic: 'label', label: 'alibaba|aliyun|accesskeysecret', source: 'gitleaks: alibaba-secret-key', hosts: ['ram.console.aliyun.com'] },
  { provider: 'ibm', kind: 'cloud-api-key', pattern: `[${b62}_-]{44}`, generic: 'label', label: 'ibm[ _-]?cloud|ibmcloud|bluemix', source: 'trufflehog: ibmclouduserkey; betterleaks: ibm-cloud-user-api-key', hosts: ['cloud.ibm.com'] },
  { provider: 'scaleway', kind: 'secret-key', pattern: uuid, generic: 'label', label: 'scw_secret_key|scw[ _-]secret', source: 'betterleaks: scaleway-secret-key; trufflehog: scalewaykey', hosts: ['console.scaleway.com'] },
  { provider: 'vultr', kind: 'api-key', pattern: '[A-Z0-9]{36}', generic: 'label', source: 'trufflehog: vultrapikey', hosts: ['my.vultr.com'] },
  { provider: 'civo', kind: 'api-key', pattern: `[${b62}]{50}`, generic: 'label', source: 'betterleaks: civo-api-key', hosts: ['dashboard.civo.com'] },
  { provider: 'upcloud', kind: 'api-token', pattern: `ucat_[${b62}]{24,32}`, source: 'betterleaks: upcloud-api-token', hosts: ['hub.upcloud.com'] },
  { provider: 'exoscale', kind: 'api-key', pattern: 'EXO[0-9a-f]{24}', source: 'betterleaks: exoscale-api-key (its samples: EXO + 24 hex)', hosts: ['portal.exoscale.com'] },
  { provider: 'fastly', kind: 'api-token', pattern: `[${b62}_-]{32}`, generic: 'label', source: 'betterleaks: fastly-api-token; trufflehog: fastlypersonaltoken', hosts: ['manage.fastly.com'] },
  // Infrastructure as code, secrets and networking
  { provider: 'pulumi', kind: 'access-token', pattern: 'pul-[a-f0-9]{40}', source: 'gitleaks: pulumi-api-token', hosts: ['app.pulumi.com'] },
  { provider: 'vault', kind: 'service-token', pattern: `hvs\\.[${b62}_-]{90,120}`, source: 'gitleaks: vault-service-token', hosts: ['portal.cloud.hashicorp.com'] },
  { provider: 'vault', kind: 'batch-token', pattern: `hvb\\.[${b62}_-]{138,300}`, source: 'gitleaks: vault-batch-token', hosts: ['portal.cloud.hashicorp.com'] },
  { provider: 'doppler', kind: 'token', pattern: `dp\\.(?:st|pt|sa|ct|scim|audit)\\.[${b62}_.-]{39,59}[${b62}_-]`, source: 'gitleaks: doppler-api-token', hosts: ['dashboard.doppler.com'] },
  { provider: 'tailscale', kind: 'key', pattern: `tskey-(?:api|auth|client|scim|webhook)-[${b62}]{6,30}-[${b62}]{16,64}`, source: 'trufflehog: tailscale; betterleaks: tailscale-api-key.1', hosts: ['login.tailscale.com'] },
  { provider: 'ngrok', kind: 'authtoken', pattern: `2[${b62}]{26}_[0-9][${b62}]{20}`, generic: 'label-or-host', label: 'ngrok|authtoken', source: 'trufflehog: ngrok', hosts: ['dashboard.ngrok.com'] },
  // Media
  { provider: 'cloudinary', kind: 'url', pattern: `cloudinary://[0-9]{15}:[${b62}_-]{27}`, source: 'trufflehog: cloudinary (15-digit key, 27-character secret, as in CLOUDINARY_URL)', hosts: ['console.cloudinary.com'] },
  { provider: 'cloudinary', kind: 'api-secret', pattern: `[${b62}_-]{27}`, generic: 'label', label: 'cloudinary', source: 'trufflehog: cloudinary; betterleaks: cloudinary-api-secret', hosts: ['console.cloudinary.com'] },
];
