/**
 * Health scores for the extension's lists, badge and key pages (shared/vault/health-score.ts): computed
 * over the whole vault each time, since duplicates and exposure to a former member are facts about the
 * vault, not the item. Nothing of it is stored.
 */
import { exposedItems, needsCare, vaultHealthScores, type HealthScore, type ItemPayload } from '../../shared/index.js';
import type { VaultContext } from './context.js';

export type Readable = { itemId: string; payload: ItemPayload };

export async function healthScores(vault: VaultContext, readable: readonly Readable[], now: Date): Promise<Map<string, HealthScore>> {
  const exposure = new Map(exposedItems(vault.roster, readable).map((e) => [e.itemId, e.to.map((t) => t.email)]));
  return vaultHealthScores(readable, { now, exposure });
}

/** The summary fields a page shows: the score, its reasons in words, and whether it needs attention. */
export function healthFields(payload: ItemPayload, score: HealthScore | undefined): { healthScore: number; healthReasons: string[]; needsAttention: boolean } {
  const health = score ?? { score: 100, reasons: [] };
  return { healthScore: health.score, healthReasons: health.reasons.map((r) => r.message), needsAttention: needsCare(payload, health) };
}
