/**
 * A pull reads the vault's changes, then, when one of them is newer than any record this device has
 * verified, reads the audit chain again. Another device that writes in between (after the pages, before
 * the chain) makes the chain name a revision the pages did not have: that is a race with an honest
 * server, not a server holding a version back, and the user must not be warned. The vault-key rotation
 * bench found it (hundreds of "held back" warnings on a second device while a rotation pushed).
 *
 * Made exact, not timed: the laptop writes inside the phone's page requests.
 */
import { describe, expect, it } from 'vitest';
import { editItem } from '../../../shared/index.js';
import { devicePairs, quiesce, read, warnings, type Pair } from '../../support/device-pair.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
const pair = devicePairs(server);

/** Inside each of the phone's next `times` page requests: one laptop write before the page is read, one after. */
function writesAroundPages(p: Pair, times: number): { pages: number } {
  const { vaultId } = p.vault;
  const changes = p.phone.api.changes.bind(p.phone.api);
  const seen = { pages: 0 };
  let n = 0;
  const edit = async (id: string) => {
    await p.laptop.engine.update(vaultId, id, (cur) => editItem(cur, { notes: `laptop edit ${n++}` }, new Date()));
    await p.sync(p.laptop);
  };
  p.phone.api.changes = async (...args) => {
    if (seen.pages >= times) return changes(...args);
    const round = seen.pages++;
    // Before: a write the page shows and the phone's chain does not name yet (the pull reads the chain again).
    await edit(p.ids[2 * round]!);
    const page = await changes(...args);
    // After: a write the page does not show, which the chain read again will name.
    await edit(p.ids[2 * round + 1]!);
    return page;
  };
  return seen;
}

describe('a pull whose second look at the audit chain names writes made after its pages', () => {
  it('reads the vault again instead of warning that the server holds a version back', async () => {
    const p = await pair(8);
    // Two rounds: one in the sync's first pull, one in the whole-vault pull it makes before calling anything held back.
    const race = writesAroundPages(p, 3);
    const report = await p.sync(p.phone);
    expect(race.pages).toBeGreaterThanOrEqual(2);
    expect(report.integrity).toEqual([]);
    await quiesce(p);

    expect(warnings(p)).toEqual([]);
    for (const [n, id] of p.ids.slice(0, 2 * race.pages).entries()) {
      expect(await read(p.phone, p.vault.vaultId, id)).toMatchObject({ notes: `laptop edit ${n}` });
    }
  });
});
