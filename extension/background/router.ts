/**
 * Receives every message, validates it against the protocol, runs it, and answers `{ok, data}` or
 * `{ok: false, error}`. Only the extension's own pages may ask: the content script has its own, narrower
 * router (content-router.ts), and web pages are not senders at all (see entrypoints/background.ts).
 */
import { requestSchema, type Answer, type ParsedRequest, type Request } from '../messages/protocol.js';
import { describeError, describeInvalid } from './errors.js';
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
      return (await service.tools()).revokeDevice(request.deviceId, request.password);
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
    return { ok: false, error: describeError(error) };
  }
}
