/** A key list row (ItemSummary) as the worker makes it, with plain defaults; tests set what they are about. */
import type { ItemSummary } from '../../extension/messages/protocol.js';

export function summaryRow(name: string, provider: string, extra: Partial<ItemSummary> = {}): ItemSummary {
  return {
    id: name.toLowerCase().replace(/\W+/g, '-'),
    vaultId: 'v1',
    name,
    type: 'api-key',
    provider,
    kind: '',
    environment: 'production',
    tags: [],
    status: 'active',
    masked: '••••',
    health: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    valueSince: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    urlHost: '',
    rotationDueAt: null,
    expiresAt: null,
    healthScore: 100,
    healthReasons: [],
    needsAttention: false,
    ...extra,
  };
}
