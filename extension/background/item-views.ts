/**
 * What a page sees of an item: its summary for lists (from the summary index's facts) and its detail
 * for the key's page. Values never: they leave the background only for an explicit reveal, copy or fill.
 */
import { describeItem, itemHealth, listSigningKeys, maskValue, rotatesAsSigningKey, type HealthScore, type ItemFacts, type ItemPayload } from '../../shared/index.js';
import type { ItemDetail, ItemSummary } from '../messages/protocol.js';
import { urlHost } from '../sites/host-name.js';
import { healthFields } from './item-health.js';

/** `score` comes from the whole vault (item-health.ts); without it, the item's own health only. */
export function summary(vaultId: string, itemId: string, facts: Omit<ItemFacts, 'valueTag'>, now = new Date(), score?: HealthScore): ItemSummary {
  const health = itemHealth(facts, now);
  if (score?.reasons.some((r) => r.code === 'duplicate')) health.flags.push('duplicate');
  return {
    id: itemId,
    vaultId,
    name: facts.name,
    type: facts.type,
    provider: facts.provider,
    kind: facts.kind,
    environment: facts.environment,
    tags: facts.tags,
    status: facts.status.state,
    masked: facts.masked,
    health: health.flags,
    createdAt: facts.createdAt,
    valueSince: facts.lastRotatedAt ?? facts.createdAt,
    updatedAt: facts.updatedAt,
    urlHost: urlHost(facts.url),
    rotationDueAt: health.rotationDueAt?.toISOString() ?? null,
    expiresAt: facts.expiresAt,
    ...healthFields(facts, score),
  };
}

export function detail(vaultId: string, itemId: string, payload: ItemPayload, now = new Date(), score?: HealthScore): ItemDetail {
  return {
    ...summary(vaultId, itemId, describeItem(payload), now, score),
    url: payload.url,
    notes: payload.notes,
    revokedReason: payload.status.state === 'revoked' ? payload.status.reason : null,
    revokedAt: payload.status.state === 'revoked' ? payload.status.at : null,
    rotationDays: payload.rotation?.everyDays ?? null,
    // Masks only, like the current value's: an earlier value leaves the worker on a click, audited.
    history: payload.history.map((h, index) => ({ index, retiredAt: h.retiredAt, reason: h.reason, masked: h.value === '' ? null : maskValue(h.value) })),
    signingKeys: rotatesAsSigningKey(payload) ? listSigningKeys(payload, now) : null,
  };
}
