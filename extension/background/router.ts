/**
 * Receives every message, validates it against the protocol, runs it, and answers `{ok, data}` or
 * `{ok: false, error}`. Only the extension's own pages may ask: the content script has its own, narrower
 * router (content-router.ts), and web pages are not senders at all (see entrypoints/background.ts).
 */
import type { ListQuery } from '../messages/list-protocol.js';
import { requestSchema, type Answer, type Answers, type ParsedRequest, type Request } from '../messages/protocol.js';
import { renameDevice } from './device-rename.js';
import { BackgroundError, describeError, describeInvalid } from './errors.js';
import { favouriteKey, queryRows } from './list-rows.js';
import { SigningKeyActions } from './signing-key-actions.js';
import { TokenActions, tokenCopied } from './token-actions.js';
import { TrashActions } from './trash-actions.js';
import { emptyTrash, trashList } from './trash-service.js';
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
      return listAll(service, request);
    case 'item': {
      const item = await (await service.items(request.vaultId)).item(request.itemId);
      const starred = (await service.favourites(await service.listRows())).has(favouriteKey(item));
      return starred ? { ...item, favourite: true } : item;
    }
    case 'favourite':
      return service.setFavourite(request.vaultId, request.itemId, request.on);
    case 'add':
      return (await service.items(request.vaultId)).add(request.fields, request.value);
    case 'edit':
      return (await service.items(request.vaultId)).edit(request.itemId, request.fields);
    case 'reveal':
      return { value: await (await service.items(request.vaultId)).value(request.itemId, 'item.reveal', {}, request.earlier) };
    case 'copy':
      return (await service.items(request.vaultId)).copy(request.itemId, request.earlier);
    case 'rotate':
      return (await service.items(request.vaultId)).rotate(request.itemId, request.value, request.reason);
    case 'revoke':
      return (await service.items(request.vaultId)).revoke(request.itemId, request.reason);
    case 'reactivate':
      return (await service.items(request.vaultId)).reactivate(request.itemId);
    case 'rotate-signing-key':
      return new SigningKeyActions(await service.items(request.vaultId)).rotate(request.itemId, request.overlapHours, request.value, request.reason);
    case 'revoke-signing-key':
      return new SigningKeyActions(await service.items(request.vaultId)).revoke(request.itemId, request.keyId, request.reason);
    case 'reactivate-signing-key':
      return new SigningKeyActions(await service.items(request.vaultId)).reactivate(request.itemId, request.keyId);
    case 'delete':
      return (await service.items(request.vaultId)).delete(request.itemId);
    case 'undo-delete':
      // "Undo" on the notice after a delete: the key comes back from the Trash, the same item.
      return new TrashActions(await service.trashHost.context(request.vaultId)).restore(request.itemId);
    case 'trash':
      return trashList(service.trashHost);
    case 'restore-trashed':
      return new TrashActions(await service.trashHost.context(request.vaultId)).restore(request.itemId);
    case 'purge-trashed': {
      const { name } = await new TrashActions(await service.trashHost.context(request.vaultId)).purge(request.itemId);
      return { ...(await trashList(service.trashHost)), name };
    }
    case 'empty-trash':
      return emptyTrash(service.trashHost, request.items);
    case 'audit':
      return (await service.tools(request.vaultId)).audit({ filter: request.itemId ? { ...request.filter, key: request.itemId } : request.filter, fresh: request.fresh });
    case 'devices':
      return (await service.tools()).devices();
    case 'revoke-device':
      return (await service.tools()).revokeDevice(request.deviceId, request.password);
    case 'rename-device':
      await renameDevice(await service.accountContext(), request.deviceId, request.name);
      return (await service.tools()).devices();
    case 'rotate-device-key':
      await service.account.rotateDeviceKey();
      return (await service.tools()).devices();
    case 'import':
      return (await service.tools(request.vaultId)).import(request);
    case 'export':
      return (await service.tools()).export(request.password);
    case 'settings':
      return service.account.answer();
    case 'save-settings':
      return service.account.save(request.settings);
    case 'change-password':
      return service.account.changePassword(request.oldPassword, request.newPassword, request.iterations);
    case 'sync-now':
      return service.syncNow();
    case 'sign-in-again':
      return service.signInAgain(request.password);
    case 'sign-in-new-device':
      return service.signInAsNewDevice(request.password);
    case 'rotate-account-key':
      return service.account.rotateAccountKey(request.password);
    case 'transfer-item':
      return (await service.vaultActions()).transfer(request.vaultId, request.itemId, request.to, request.mode);
    case 'vaults':
      return { vaults: await (await service.vaultActions()).list() };
    case 'create-vault':
      return (await service.vaultActions()).create(request.name);
    case 'set-key-schedule':
      return (await service.vaultActions()).setKeySchedule(request.vaultId, request.days);
    case 'rotate-vault-key':
      return (await service.teamActions()).rotateKey(request.vaultId);
    case 'rename-vault':
      return (await service.vaultActions()).rename(request.vaultId, request.name);
    case 'default-vault':
      return { vaults: await (await service.vaultActions()).setDefault(request.vaultId) };
    case 'leave-vault':
      return (await service.vaultActions()).leave(request.vaultId);
    case 'delete-vault':
      return (await service.vaultActions()).delete(request.vaultId);
    case 'invitations':
      return { invitations: await (await service.teamActions()).invitations() };
    case 'accept-invitation':
      return (await service.teamActions()).accept(request.vaultId, request.fingerprint);
    case 'decline-invitation':
      return (await service.teamActions()).decline(request.vaultId);
    case 'members':
      return (await service.teamActions()).members(request.vaultId);
    case 'find-person':
      return (await service.teamActions()).findPerson(request.email);
    case 'invite':
      return (await service.teamActions()).invite(request.vaultId, request.email, request.role, request.fingerprint);
    case 'invite-later':
      return (await service.teamActions()).inviteLater(request.vaultId, request.email, request.role);
    case 'roster-to-trust':
      return (await service.teamActions()).rosterToTrust(request.vaultId);
    case 'trust-roster':
      return (await service.teamActions()).trustRoster(request.vaultId, request.revision, request.fingerprints);
    case 'change-role':
      return (await service.teamActions()).changeRole(request.vaultId, request.accountId, request.role);
    case 'remove-member':
      return (await service.teamActions()).remove(request.vaultId, request.accountId);
    case 'tokens':
      return new TokenActions(await service.accountContext()).list(request.vaultId);
    case 'create-token':
      return new TokenActions(await service.accountContext()).create(request);
    case 'revoke-token':
      return new TokenActions(await service.accountContext()).revoke(request.vaultId, request.tokenId);
    case 'token-copied':
      return tokenCopied(service.ports, (await service.settings()).clipboardSeconds, request.token);
    case 'take-selection': {
      const kept = await service.ports.takeSelection(request.token);
      if (!kept) throw new BackgroundError('selection-gone', 'The selected text is no longer kept (it is kept for a minute, and handed over once): select it again and choose “Save selection to KeyHaven”.');
      return kept;
    }
  }
}

/** Every vault's keys in one list (the page filters by vault); what does not open is counted. */
async function listAll(service: VaultService, query: ListQuery): Promise<Answers['list']> {
  // A tab instead of a site (the popup's first list): its site is looked up while the rows are made, not before.
  const [rows, site] = await Promise.all([service.listRows(), query.tab === undefined ? query.site : service.ports.tabSite(query.tab)]);
  return queryRows(rows, { ...query, site }, await service.favourites(rows));
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
