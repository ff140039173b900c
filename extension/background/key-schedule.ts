/**
 * Scheduled vault-key rotation in the browser (DESIGN §5): while the vault is unlocked, a vault whose
 * key is older than its schedule (sealed in its meta; 90 days unless an admin chose otherwise) is
 * rotated by an admin's browser, or by the owner's in a vault nobody else is in. A viewer's or editor's
 * browser never tries: it could not share the new version. A failure is tried again after the next sync.
 */
import { keySchedule, memberOf, rotatableWithoutRoster } from '../../shared/index.js';
import type { AccountContext } from './context.js';

/** The vaults this browser should rotate now. */
export async function dueKeyRotations(ctx: AccountContext, now: Date): Promise<string[]> {
  const due: string[] = [];
  // Read now, not the context's snapshot: a rotation may have begun or ended since it was taken.
  const pending = (await ctx.db.profile.get('main'))?.rotations ?? {};
  for (const v of await ctx.vaults.list()) {
    if (ctx.vaults.unlisted.has(v.id) || pending[v.id] || !ctx.vaults.keyrings.has(v.id)) continue;
    if (!keySchedule(v.keyring, v.keyRotationDays, now).due) continue;
    const roster = await ctx.team.roster(v.id);
    if (roster ? memberOf(roster, ctx.account.accountId)?.role !== 'admin' : ctx.api && !(await rotatableWithoutRoster(ctx.api, v.id, ctx.account.accountId))) continue;
    due.push(v.id);
  }
  return due;
}

/** Runs one round of due rotations, never two rounds at once. */
export function scheduledRotations(rotate: (vaultId: string) => Promise<unknown>, context: () => Promise<AccountContext>): () => Promise<void> {
  let running: Promise<void> | null = null;
  const round = async () => {
    for (const vaultId of await dueKeyRotations(await context(), new Date())) await rotate(vaultId).catch(() => undefined);
  };
  return () => (running ??= round().finally(() => (running = null)));
}
