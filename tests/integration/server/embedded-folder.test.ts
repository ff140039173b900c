/**
 * The embedded database's folder as `npm start` makes and reopens it: private to this user (PGlite
 * writes its files readable and writable by everyone), created whole or not at all, never taken over
 * when it holds something else.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmbedded } from '../../../server/db/connect.js';

const mode = (path: string) => statSync(path).mode & 0o777;
const scratch = () => mkdtempSync(join(tmpdir(), 'keyhaven-folder-'));

describe('the embedded data folder', () => {
  it('is created private to this user, with nothing left beside it, opens again with its data, and is made private again', async () => {
    const parent = scratch();
    // A name that looks like an option to node must still be a folder to the child that creates it.
    const dir = join(parent, '-data folder');
    const db = await startEmbedded(dir);
    await db.sql`create table kept (note text)`;
    await db.sql`insert into kept values ('still here')`;
    await db.close();
    expect(mode(dir)).toBe(0o700);
    expect(readdirSync(parent)).toEqual(['-data folder']);
    // Opened up by someone (a copy, a restore, a chmod): the next start makes it private again.
    chmodSync(dir, 0o755);
    const again = await startEmbedded(dir);
    expect(mode(dir)).toBe(0o700);
    expect(await again.sql`select note from kept`).toEqual([{ note: 'still here' }]);
    await again.close();
  }, 60_000);

  it('refuses a folder that holds other files, says what to do, and leaves them as they were', async () => {
    const dir = join(scratch(), 'not-a-database');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    await expect(startEmbedded(dir)).rejects.toThrow(/holds files but no database.*KEYHAVEN_DATA_DIR/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });
});
