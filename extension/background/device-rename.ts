/**
 * Renames one of the account's devices on the server (this browser or another). The name is metadata
 * the server sees in the clear, like the name the device registered with; nothing signs it. This
 * browser's own row keeps its name too, so Settings and a later sign-in again use the new one.
 */
import { updateProfile } from '../db/database.js';
import type { AccountContext } from './context.js';
import { BackgroundError } from './errors.js';

export async function renameDevice(ctx: AccountContext, deviceId: string, name: string): Promise<void> {
  if (!ctx.api) throw new BackgroundError('no-server', 'this vault is only in this browser; connect a sync server in Settings first');
  const renamed = await ctx.api.renameDevice(deviceId, name);
  if (deviceId !== ctx.profile.device.id) return;
  await updateProfile(ctx.db, (p) => ({ ...p, device: { ...p.device, name: renamed.name } }));
}
