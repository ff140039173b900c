/**
 * What an import did: how many keys it added, and each entry it skipped with where it was in the file
 * and why. A long list shows its first few and folds the rest, so a file imported twice does not bury
 * the screen; every line wraps inside the card, however long the key's name.
 */
import type { SkippedEntry } from '../../../shared/index.js';
import { BreakableName } from '../BreakableName.js';
import { plural } from '../plural.js';

const SHOWN = 10;

export function ImportReport({ added, skipped }: { added: number; skipped: SkippedEntry[] }) {
  const first = skipped.slice(0, SHOWN);
  const rest = skipped.slice(SHOWN);
  return (
    <div role="status" className="import-report">
      <p>
        Imported {plural(added, 'key')}
        {skipped.length ? `; skipped ${skipped.length}:` : '.'}
      </p>
      {first.length > 0 && <Skipped entries={first} />}
      {rest.length > 0 && (
        <details>
          <summary>and {rest.length} more</summary>
          <Skipped entries={rest} />
        </details>
      )}
    </div>
  );
}

function Skipped({ entries }: { entries: SkippedEntry[] }) {
  return (
    <ul className="plain small">
      {entries.map((s, i) => (
        <li key={i}>
          {s.where}
          {s.name && (
            <>
              {' ('}
              <BreakableName text={s.name} />)
            </>
          )}
          : {s.reason}
        </li>
      ))}
    </ul>
  );
}
