/** How items are shown: the stable JSON shape scripts rely on (docs/cli.md), and one line for people. */
import { itemHealth, maskValue, type HealthScore, type ItemPayload } from '../shared/index.js';

export interface ItemJson {
  id: string;
  vault: string;
  name: string;
  type: ItemPayload['type'];
  provider: string;
  kind: string;
  environment: string;
  tags: string[];
  url: string;
  status: 'active' | 'revoked';
  revokedReason: string | null;
  expiresAt: string | null;
  rotateEveryDays: number | null;
  lastRotatedAt: string | null;
  createdAt: string;
  updatedAt: string;
  health: string[];
  /** 0-100 with the reasons points were taken away (listings, which know the whole vault). */
  healthScore?: number;
  healthReasons?: string[];
  masked: string;
  value?: string;
}

export function itemJson(vaultName: string, itemId: string, p: ItemPayload, now: Date, reveal = false, score?: HealthScore): ItemJson {
  return {
    id: itemId,
    vault: vaultName,
    name: p.name,
    type: p.type,
    provider: p.provider,
    kind: p.kind,
    environment: p.environment,
    tags: p.tags,
    url: p.url,
    status: p.status.state,
    revokedReason: p.status.state === 'revoked' ? p.status.reason : null,
    expiresAt: p.expiresAt,
    rotateEveryDays: p.rotation?.everyDays ?? null,
    lastRotatedAt: p.lastRotatedAt,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    health: itemHealth(p, now).flags,
    ...(score ? { healthScore: score.score, healthReasons: score.reasons.map((r) => r.message) } : {}),
    masked: maskValue(p.value),
    ...(reveal ? { value: p.value } : {}),
  };
}

export function itemLine(item: ItemJson & { exposedTo?: string[] }): string {
  const exposed = item.exposedTo ? [`exposed to ${item.exposedTo.join(', ')}: rotate at the provider`] : [];
  const flags = item.health.length + exposed.length ? `  [${[...item.health, ...exposed].join(', ')}]` : '';
  const where = [item.provider, item.environment].filter(Boolean).join('/');
  const score = item.healthScore === undefined ? '' : `${String(item.healthScore).padStart(3)} `;
  const why = item.healthScore !== undefined && item.healthScore < 100 && item.healthReasons?.length ? `\n${' '.repeat(4)}${item.healthReasons.join('; ')}` : '';
  return `${score}${item.name.padEnd(28)} ${where.padEnd(20)} ${item.masked.padEnd(12)}${flags}${why}`;
}
