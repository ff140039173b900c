/**
 * What a page sees of an item: its summary for lists and its detail for the key's page. Values never:
 * they leave the background only for an explicit reveal, copy or fill.
 */
import { itemHealth, listSigningKeys, maskValue, rotatesAsSigningKey, type HealthScore, type ItemPayload } from '../../shared/index.js';
import type { ItemDetail, ItemSummary } from '../messages/protocol.js';
import { healthFields } from './item-health.js';

/** `score` comes from the whole vault (item-health.ts); without it, the item's own health only. */
export function summary(vaultId: string, itemId: string, payload: ItemPayload, now = new Date(), score?: HealthScore): ItemSummary {
  const health = itemHealth(payload, now);
  if (score?.reasons.some((r) => r.code === 'duplicate')) health.flags.push('duplicate');
  return {
    id: itemId,
    vaultId,
    name: payload.name,
    type: payload.type,
    provider: payload.provider,
    kind: payload.kind,
    environment: payload.environment,
    tags: payload.tags,
    status: payload.status.state,
    masked: maskValue(payload.value),
    health: health.flags,
    createdAt: payload.createdAt,
    valueSince: payload.lastRotatedAt ?? payload.createdAt,
    rotationDueAt: health.rotationDueAt?.toISOString() ?? null,
    expiresAt: payload.expiresAt,
    ...healthFields(payload, score),
  };
}

export function detail(vaultId: string, itemId: string, payload: ItemPayload, now = new Date(), score?: HealthScore): ItemDetail {
  return {
    ...summary(vaultId, itemId, payload, now, score),
    url: payload.url,
    notes: payload.notes,
    revokedReason: payload.status.state === 'revoked' ? payload.status.reason : null,
    revokedAt: payload.status.state === 'revoked' ? payload.status.at : null,
    rotationDays: payload.rotation?.everyDays ?? null,
    updatedAt: payload.updatedAt,
    history: payload.history.map((h) => ({ retiredAt: h.retiredAt, reason: h.reason })),
    signingKeys: rotatesAsSigningKey(payload) ? listSigningKeys(payload, now) : null,
  };
}
