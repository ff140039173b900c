/**
 * Receives every message, validates it against the protocol, runs it, and answers `{ok, data}` or
 * `{ok: false, error}`. Only the extension's own pages may ask: content scripts and web pages are not
 * senders this router answers (see entrypoints/background.ts).
 */
import { CryptoError, SyncError, VaultError as ItemError } from '../../shared/index.js';
import { requestSchema, type Answer, type ParsedRequest, type Request } from '../messages/protocol.js';
import { BackgroundError } from './errors.js';
import type { VaultService } from './vault-service.js';

async function run(service: VaultService, request: ParsedRequest): Promise<unknown> {
  switch (request.type) {
    case 'state':
      return service.state();
    case 'create-local':
      return service.createLocal(request.password);
    case 'unlock':
      return service.unlock(request.password);
    case 'lock':
      return service.lock();
    case 'signup':
      return service.signup(request.server, request.email, request.password);
    case 'login':
      return service.login(request.server, request.email, request.password);
    case 'list':
      return (await service.items()).list();
    case 'item':
      return (await service.items()).item(request.itemId);
    case 'add':
      return (await service.items()).add(request.fields, request.value);
    case 'edit':
      return (await service.items()).edit(request.itemId, request.fields);
    case 'reveal':
      return { value: await (await service.items()).value(request.itemId, 'item.reveal') };
    case 'copy':
      return (await service.items()).copy(request.itemId);
    case 'rotate':
      return (await service.items()).rotate(request.itemId, request.value, request.reason);
    case 'revoke':
      return (await service.items()).revoke(request.itemId, request.reason);
    case 'reactivate':
      return (await service.items()).reactivate(request.itemId);
    case 'delete':
      return (await service.items()).delete(request.itemId);
    case 'undo-delete':
      return (await service.items()).undoDelete(request.itemId);
    case 'audit':
      return (await service.tools()).audit(request.itemId);
    case 'devices':
      return (await service.tools()).devices();
    case 'revoke-device':
      return (await service.tools()).revokeDevice(request.deviceId);
    case 'import':
      return (await service.tools()).import(request);
    case 'export':
      return (await service.tools()).export(request.password);
    case 'settings':
      return service.settingsAnswer();
    case 'save-settings':
      return service.saveSettings(request.settings);
    case 'change-password':
      return service.changePassword(request.oldPassword, request.newPassword, request.iterations);
  }
}

/** The first problem zod found, in words a person can act on (never the value that was sent). */
function describeInvalid(issues: { path: PropertyKey[]; message: string }[]): string {
  const issue = issues[0];
  if (!issue) return 'not a KeyHaven request';
  const field = issue.path.filter((p) => typeof p === 'string' && p !== 'fields').join('.');
  return field ? `${field}: ${issue.message}` : issue.message;
}

export async function route(service: VaultService, message: unknown): Promise<Answer<Request['type']>> {
  const parsed = requestSchema.safeParse(message);
  if (!parsed.success) {
    // A known request with a bad field gets told which field; anything else is simply not ours.
    const known = typeof message === 'object' && message !== null && requestSchema.options.some((o) => o.shape.type.value === (message as { type?: unknown }).type);
    return { ok: false, error: { code: 'bad-request', message: known ? describeInvalid(parsed.error.issues) : 'not a KeyHaven request' } };
  }
  try {
    const data = await run(service, parsed.data);
    // The popup polls `state` while it is open: polling is not use, so it does not hold off auto-lock.
    if (parsed.data.type !== 'state' && parsed.data.type !== 'lock') await service.touch();
    return { ok: true, data } as Answer<Request['type']>;
  } catch (error) {
    if (error instanceof BackgroundError || error instanceof CryptoError || error instanceof ItemError || error instanceof SyncError) {
      return { ok: false, error: { code: error.code, message: error.code === 'wrong-password' ? 'Wrong password.' : error.message } };
    }
    return { ok: false, error: { code: 'internal', message: 'something went wrong in the background worker' } };
  }
}
