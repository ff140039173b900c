/** How items are shown: the stable JSON shape scripts rely on (docs/cli.md), and one line for people. */
import { describeItem, itemHealth, type HealthScore, type ItemFacts, type ItemPayload } from '../shared/index.js';

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
  return { ...factsJson(vaultName, itemId, describeItem(p), now, score), ...(reveal ? { value: p.value } : {}) };
}

/** The same shape from an item's facts (the summary index): everything but the value. */
export function factsJson(vaultName: string, itemId: string, f: Omit<ItemFacts, 'valueTag'>, now: Date, score?: HealthScore): ItemJson {
  return {
    id: itemId,
    vault: vaultName,
    name: f.name,
    type: f.type,
    provider: f.provider,
    kind: f.kind,
    environment: f.environment,
    tags: f.tags,
    url: f.url,
    status: f.status.state,
    revokedReason: f.status.state === 'revoked' ? f.status.reason : null,
    expiresAt: f.expiresAt,
    rotateEveryDays: f.rotation?.everyDays ?? null,
    lastRotatedAt: f.lastRotatedAt,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    health: itemHealth(f, now).flags,
    ...(score ? { healthScore: score.score, healthReasons: score.reasons.map((r) => r.message) } : {}),
    masked: f.masked,
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
