/**
 * Receives every message, validates it against the protocol, runs it, and answers `{ok, data}` or
 * `{ok: false, error}`. Only the extension's own pages may ask: content scripts and web pages are not
 * senders this router answers.
 */
import { CryptoError, SyncError, VaultError as ItemError } from '../../shared/index.js';
import type { z } from 'zod';
import { requestSchema, type Answer, type Request } from '../messages/protocol.js';
import { BackgroundError, type VaultService } from './vault-service.js';

type ParsedRequest = z.output<typeof requestSchema>;

function run(service: VaultService, request: ParsedRequest): Promise<unknown> {
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
      return service.list();
    case 'add':
      return service.add(request);
    case 'reveal':
      return service.reveal(request.itemId);
  }
}

export async function route(service: VaultService, message: unknown): Promise<Answer<Request['type']>> {
  const parsed = requestSchema.safeParse(message);
  if (!parsed.success) return { ok: false, error: { code: 'bad-request', message: 'not a KeyHaven request' } };
  try {
    const data = await run(service, parsed.data);
    // The popup polls `state` while it is open: polling is not use, so it does not hold off auto-lock.
    if (parsed.data.type !== 'state') service.touch();
    return { ok: true, data } as Answer<Request['type']>;
  } catch (error) {
    if (error instanceof BackgroundError || error instanceof CryptoError || error instanceof ItemError || error instanceof SyncError) {
      return { ok: false, error: { code: error.code, message: error.code === 'wrong-password' ? 'Wrong password.' : error.message } };
    }
    return { ok: false, error: { code: 'internal', message: 'something went wrong in the background worker' } };
  }
}
