/** Code hosting, CI and package registries (and KeyHaven's own tokens). */
import { b62, type CatalogueEntry } from './entry.js';

export const CODE: readonly CatalogueEntry[] = [
  // KeyHaven's own access tokens (docs/crypto.md §25): a page or file showing one has leaked it.
  { provider: 'keyhaven', kind: 'access-token', pattern: `kh_[${b62}]{49}`, checksum: 'keyhaven-crc32' },
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
  // Package registries
  { provider: 'npm', kind: 'access-token', pattern: `npm_[${b62}]{36}`, checksum: 'npm-crc32', hosts: ['www.npmjs.com'] },
  { provider: 'pypi', kind: 'api-token', pattern: `pypi-AgEIcHlwaS5vcmc[${b62}_-]{50,}`, hosts: ['pypi.org'] },
];
