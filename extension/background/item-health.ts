/**
 * Health scores for the extension's lists, badge and key pages (shared/vault/health-score.ts): computed
 * from the summary index over the whole vault each time, since duplicates and exposure to a former
 * member are facts about the vault, not the item. Nothing of it is stored.
 */
import { exposedItems, needsCare, vaultHealthScores, type HealthScore, type IndexedItem, type ItemPayload } from '../../shared/index.js';
import type { VaultContext } from './context.js';

export function healthScores(vault: VaultContext, items: readonly IndexedItem[], now: Date): Map<string, HealthScore> {
  const exposure = new Map(exposedItems(vault.roster, items).map((e) => [e.itemId, e.to.map((t) => t.email)]));
  return vaultHealthScores(items, { now, exposure });
}

/** The summary fields a page shows: the score, its reasons in words, and whether it needs attention. */
export function healthFields(item: Pick<ItemPayload, 'status'>, score: HealthScore | undefined): { healthScore: number; healthReasons: string[]; needsAttention: boolean } {
  const health = score ?? { score: 100, reasons: [] };
  return { healthScore: health.score, healthReasons: health.reasons.map((r) => r.message), needsAttention: needsCare(item, health) };
}
