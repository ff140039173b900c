/**
 * The full-tab page's overview: keys by provider and by environment, rotation status and age at a
 * glance. Bars are plain HTML with the numbers written out, so they read the same to a screen reader.
 */
import type { ItemSummary } from '../../messages/protocol.js';
import { useEffect, useState } from 'react';
import { ask } from '../client.js';
import { useUi } from '../store.js';
import { TrashLink } from './TrashLink.js';

const DAY = 86_400_000;

function countBy(items: ItemSummary[], key: (i: ItemSummary) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function rotationStatus(item: ItemSummary): string {
  if (item.status === 'revoked') return 'revoked';
  if (item.health.includes('expired')) return 'expired';
  if (item.health.includes('overdue')) return 'overdue';
  if (item.health.includes('expiring')) return 'expiring soon';
  return item.rotationDueAt ? 'on schedule' : 'no policy';
}

export function ageBucket(item: ItemSummary, now: number): string {
  const days = (now - Date.parse(item.valueSince)) / DAY;
  if (days < 30) return 'under 30 days';
  if (days < 90) return '30–90 days';
  if (days < 365) return '90 days – 1 year';
  return 'over a year';
}

function Bars({ title, rows, order }: { title: string; rows: [string, number][]; order?: string[] }) {
  const sorted = order ? order.flatMap((k) => rows.filter((r) => r[0] === k)) : rows;
  const max = Math.max(1, ...sorted.map((r) => r[1]));
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      {sorted.length === 0 ? (
        <p className="muted">No keys yet.</p>
      ) : (
        <ul className="plain">
          {sorted.map(([label, count]) => (
            <li key={label} className="bar-row">
              <span className="bar-label">{label}</span>
              <span className="bar-track" aria-hidden="true">
                <span className={`bar-fill ${label.replace(/\s+/g, '-')}`} style={{ width: `${(count / max) * 100}%` }} />
              </span>
              <span className="bar-count">{count}</span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

export function Dashboard() {
  const revision = useUi((s) => s.revision);
  const [items, setItems] = useState<ItemSummary[] | null>(null);
  // Every key counts here, not the page of the list: the worker sends all rows (no values) once.
  useEffect(() => {
    let current = true;
    void ask({ type: 'list' })
      .then((answer) => current && setItems(answer.items))
      .catch(() => current && setItems([]));
    return () => void (current = false);
  }, [revision]);
  if (items === null) return <p className="muted">Counting keys…</p>;
  const now = Date.now();
  const attention = items.filter((i) => i.health.some((h) => h === 'overdue' || h === 'expiring' || h === 'expired')).length;
  return (
    <section className="stack">
      <h2>Overview</h2>
      <p className="summary">
        <strong>{items.length}</strong> keys · <strong>{attention}</strong> need attention · <strong>{items.filter((i) => i.status === 'revoked').length}</strong> revoked
      </p>
      <div className="charts">
        <Bars title="Keys by provider" rows={countBy(items, (i) => i.provider || 'unknown')} />
        <Bars title="Keys by environment" rows={countBy(items, (i) => i.environment || 'none')} />
        <Bars title="Rotation status" rows={countBy(items, rotationStatus)} order={['overdue', 'expired', 'expiring soon', 'on schedule', 'no policy', 'revoked']} />
        <Bars title="Age of the current value" rows={countBy(items, (i) => ageBucket(i, now))} order={['under 30 days', '30–90 days', '90 days – 1 year', 'over a year']} />
      </div>
      <TrashLink label="Deleted keys (Trash)" />
    </section>
  );
}
