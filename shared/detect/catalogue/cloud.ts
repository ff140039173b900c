/** Cloud, hosting and infrastructure providers. */
import { b62, type CatalogueEntry } from './entry.js';

export const CLOUD: readonly CatalogueEntry[] = [
  // AWS: the id is distinctive, the secret is not (it is found next to its id or its label)
  { provider: 'aws', kind: 'access-key-id', pattern: '(?:AKIA|ASIA)[A-Z2-7]{16}', pair: { group: 'aws', role: 'id' }, hosts: ['console.aws.amazon.com'] },
  { provider: 'aws', kind: 'secret-access-key', pattern: '[A-Za-z0-9/+]{40}', generic: 'label-or-host', label: 'secret access key|aws_secret_access_key|secret key', pair: { group: 'aws', role: 'secret' }, hosts: ['console.aws.amazon.com'] },
  // Google
  { provider: 'google', kind: 'api-key', pattern: `AIza[${b62}_-]{35}`, hosts: ['console.cloud.google.com', 'aistudio.google.com'] },
  // Infrastructure
  { provider: 'digitalocean', kind: 'personal-access-token', pattern: 'dop_v1_[a-f0-9]{64}', hosts: ['cloud.digitalocean.com'] },
  { provider: 'digitalocean', kind: 'oauth', pattern: 'doo_v1_[a-f0-9]{64}', hosts: ['cloud.digitalocean.com'] },
  { provider: 'digitalocean', kind: 'refresh', pattern: 'dor_v1_[a-f0-9]{64}', hosts: ['cloud.digitalocean.com'] },
  { provider: 'heroku', kind: 'api-key', pattern: `HRKU-AA[${b62}_-]{58}`, hosts: ['dashboard.heroku.com'] },
  { provider: 'cloudflare', kind: 'api-token', pattern: `[${b62}_-]{40}`, generic: 'label-or-host', hosts: ['dash.cloudflare.com'] },
  { provider: 'supabase', kind: 'access-token', pattern: 'sbp_[a-f0-9]{40}', hosts: ['supabase.com'] },
  { provider: 'supabase', kind: 'secret', pattern: `sb_secret_[${b62}_-]{31,64}`, hosts: ['supabase.com'] },
  { provider: 'vercel', kind: 'token', pattern: `vc[pikar]_[${b62}]{50,70}`, checksum: 'vercel-crc32', hosts: ['vercel.com'] },
  { provider: 'vercel', kind: 'token-legacy', pattern: `[${b62}]{24}`, generic: 'label-or-host', hosts: ['vercel.com'] },
  { provider: 'doppler', kind: 'token', pattern: `dp\\.(?:st|pt|sa|ct|scim|audit)\\.[${b62}_.-]{39,59}[${b62}_-]`, hosts: ['dashboard.doppler.com'] },
];
