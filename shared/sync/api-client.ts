/**
 * A typed client for every route of the sync API (docs/api.md), over the platform's fetch. Every
 * response is validated with the protocol's schema before it is returned: a server that answers
 * something else gets a `bad-response` error, never an unchecked object. Errors are `SyncError`s whose
 * code says what the caller can do (retry later, sign in again, merge, give up).
 */
import type { AuditEntryV2 } from '../audit/record.js';
import type { z } from 'zod';
import { SyncError, type SyncErrorCode } from '../errors.js';
import type { KdfParams } from '../crypto/kdf.js';
import {
  accountResponseSchema,
  auditAppendResponseSchema,
  auditListResponseSchema,
  changesResponseSchema,
  deviceListSchema,
  deviceSchema,
  errorResponseSchema,
  identityResponseSchema,
  invitationListSchema,
  invitationDetailSchema,
  rosterPageSchema,
  teamMemoryResponseSchema,
  memberListSchema,
  preloginResponseSchema,
  pushResponseSchema,
  revisionResponseSchema,
  sessionResponseSchema,
  vaultKeyListSchema,
  vaultListSchema,
  vaultSummarySchema,
  type Role,
} from '../protocol/api.js';

export type FetchLike = (input: string, init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<Response>;

export interface ApiClientOptions {
  baseUrl: string;
  token?: string;
  fetch?: FetchLike;
  /** Per-request timeout; a request that takes longer counts as offline. */
  timeoutMs?: number;
}

const STATUS_CODES: Record<number, SyncErrorCode> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 409: 'conflict', 429: 'rate-limited', 507: 'rejected' };
// 507 is a quota (quota-exceeded): retrying the same request will not help until the user makes room.

export interface DeviceRegistration {
  id: string;
  name: string;
  signingPublicKey: string;
}

export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  token: string | undefined;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.token = options.token;
  }

  /** One call of the API, its answer checked against `schema` (the typed methods below and shared/tokens/ use it). */
  async request<S extends z.ZodType>(method: string, path: string, schema: S | null, body?: unknown): Promise<z.infer<S>> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new SyncError('offline', `cannot reach ${this.baseUrl} (${(error as Error).name === 'TimeoutError' ? 'timed out' : 'connection failed'})`);
    }
    const text = await res.text().catch(() => '');
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      if (res.ok) throw new SyncError('bad-response', `${method} ${path}: the server did not answer JSON`);
    }
    if (!res.ok) {
      const parsed = errorResponseSchema.safeParse(json);
      const code: SyncErrorCode = STATUS_CODES[res.status] ?? (res.status >= 500 ? 'server-error' : 'rejected');
      const message = parsed.success ? parsed.data.error.message : `${method} ${path} failed with HTTP ${res.status}`;
      throw new SyncError(code, message, parsed.success ? { code: parsed.data.error.code, details: parsed.data.error.details } : undefined);
    }
    if (schema === null) return undefined as z.infer<S>;
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SyncError('bad-response', `${method} ${path}: the answer does not match the protocol (${parsed.error.issues[0]?.message})`);
    return parsed.data;
  }

  register(body: { accountId: string; email: string; kdf: KdfParams; authKey: string; keyring: string; identityPublicKey: string; signingPublicKey?: string; device: DeviceRegistration }) {
    return this.request('POST', '/v1/accounts', sessionResponseSchema, body);
  }
  prelogin(email: string) {
    return this.request('POST', '/v1/prelogin', preloginResponseSchema, { email });
  }
  login(body: { email: string; authKey: string; device: DeviceRegistration }) {
    return this.request('POST', '/v1/login', sessionResponseSchema, body);
  }
  logout() {
    return this.request('POST', '/v1/logout', null);
  }
  account() {
    return this.request('GET', '/v1/account', accountResponseSchema);
  }
  putKeyring(baseRevision: number, keyring: string) {
    return this.request('PUT', '/v1/account/keyring', revisionResponseSchema, { baseRevision, keyring });
  }
  changePassword(body: { currentAuthKey: string; kdf: KdfParams; authKey: string; baseRevision: number; keyring: string }) {
    return this.request('POST', '/v1/account/password', revisionResponseSchema, body);
  }
  identity(email: string) {
    return this.request('GET', `/v1/identity?email=${encodeURIComponent(email)}`, identityResponseSchema);
  }
  devices() {
    return this.request('GET', '/v1/devices', deviceListSchema);
  }
  /** Needs the password's auth key and a revocation statement signed with the identity signing key. */
  revokeDevice(deviceId: string, body: { authKey: string; revocation: string }) {
    return this.request('POST', `/v1/devices/${encodeURIComponent(deviceId)}/revoke`, deviceSchema, body);
  }
  /** Any of the account's devices; names are metadata the server sees (docs/threat-model.md). */
  renameDevice(deviceId: string, name: string) {
    return this.request('PATCH', `/v1/devices/${encodeURIComponent(deviceId)}`, deviceSchema, { name });
  }
  putCertificate(deviceId: string, certificate: string) {
    return this.request('PUT', `/v1/devices/${encodeURIComponent(deviceId)}/certificate`, null, { certificate });
  }
  /** A certificate for this device's new signing key: the server keeps the earlier one beside it. */
  rotateDeviceKey(deviceId: string, certificate: string) {
    return this.request('PUT', `/v1/devices/${encodeURIComponent(deviceId)}/key`, deviceSchema, { certificate });
  }
  putSigningKey(publicSpki: string) {
    return this.request('PUT', '/v1/account/signing-key', null, { publicSpki });
  }
  createVault(body: { id: string; meta: string; keys: { keyVersion: number; blob: string }[] }) {
    return this.request('POST', '/v1/vaults', vaultSummarySchema, body);
  }
  vaults() {
    return this.request('GET', '/v1/vaults', vaultListSchema);
  }
  vault(vaultId: string) {
    return this.request('GET', `/v1/vaults/${vaultId}`, vaultSummarySchema);
  }
  putMeta(vaultId: string, baseRevision: number, meta: string) {
    return this.request('PUT', `/v1/vaults/${vaultId}/meta`, revisionResponseSchema, { baseRevision, meta });
  }
  members(vaultId: string) {
    return this.request('GET', `/v1/vaults/${vaultId}/members`, memberListSchema);
  }
  addMember(vaultId: string, body: { accountId: string; role: Role; keys: { keyVersion: number; blob: string }[] }) {
    return this.request('POST', `/v1/vaults/${vaultId}/members`, null, body);
  }
  changeRole(vaultId: string, accountId: string, role: Role) {
    return this.request('PATCH', `/v1/vaults/${vaultId}/members/${accountId}`, null, { role });
  }
  invitations() {
    return this.request('GET', '/v1/invitations', invitationListSchema);
  }
  invitation(vaultId: string) {
    return this.request('GET', `/v1/invitations/${vaultId}`, invitationDetailSchema);
  }
  teamMemory() {
    return this.request('GET', '/v1/account/team-memory', teamMemoryResponseSchema);
  }
  putTeamMemory(baseRevision: number, blob: string) {
    return this.request('PUT', '/v1/account/team-memory', revisionResponseSchema, { baseRevision, blob });
  }
  rosters(vaultId: string, after: number) {
    return this.request('GET', `/v1/vaults/${vaultId}/rosters?after=${after}`, rosterPageSchema);
  }
  putRoster(vaultId: string, revision: number, blob: string) {
    return this.request('PUT', `/v1/vaults/${vaultId}/rosters/${revision}`, null, { blob });
  }
  acceptInvitation(vaultId: string) {
    return this.request('POST', `/v1/invitations/${vaultId}/accept`, null);
  }
  declineInvitation(vaultId: string) {
    return this.request('POST', `/v1/invitations/${vaultId}/decline`, null);
  }
  /** Deletes the vault for every member (admins only). */
  deleteVault(vaultId: string) {
    return this.request('DELETE', `/v1/vaults/${vaultId}`, null);
  }

  removeMember(vaultId: string, accountId: string) {
    return this.request('DELETE', `/v1/vaults/${vaultId}/members/${accountId}`, null);
  }
  vaultKeys(vaultId: string) {
    return this.request('GET', `/v1/vaults/${vaultId}/keys`, vaultKeyListSchema);
  }
  putVaultKey(vaultId: string, accountId: string, keyVersion: number, baseRevision: number, blob: string) {
    return this.request('PUT', `/v1/vaults/${vaultId}/keys/${accountId}/${keyVersion}`, revisionResponseSchema, { baseRevision, blob });
  }
  vaultDevices(vaultId: string) {
    return this.request('GET', `/v1/vaults/${vaultId}/devices`, deviceListSchema);
  }
  changes(vaultId: string, after: number, limit?: number) {
    return this.request('GET', `/v1/vaults/${vaultId}/changes?after=${after}${limit ? `&limit=${limit}` : ''}`, changesResponseSchema);
  }
  /** `record`: the signed `item.write` entry naming the write (docs/crypto.md §22). */
  push(vaultId: string, items: { itemId: string; baseRevision: number; blob: string | null; record?: AuditEntryV2; grants?: { tokenId: string; blob: string }[] }[], tokenSeq = 0) {
    return this.request('POST', `/v1/vaults/${vaultId}/items`, pushResponseSchema, { items, tokenSeq });
  }
  audit(vaultId: string, after: number) {
    return this.request('GET', `/v1/vaults/${vaultId}/audit?after=${after}`, auditListResponseSchema);
  }
  appendAudit(vaultId: string, entries: unknown[]) {
    return this.request('POST', `/v1/vaults/${vaultId}/audit`, auditAppendResponseSchema, { entries });
  }
}
