/**
 * What a load run measured: requests by route and status, latency per route, realtime notice delay,
 * acknowledged writes, and the server's memory over time; and the report printed at the end.
 */
import { readFileSync } from 'node:fs';
import { percentile, printSection } from '../bench/harness.js';

export interface AcknowledgedWrite {
  vaultId: string;
  itemId: string;
  revision: number;
  /** null: the write was a delete. */
  blob: string | null;
}

export class LoadStats {
  requests = 0;
  byStatus: Record<number, number> = {};
  /** Transport failures: connection refused or reset, or no answer in 30 s. */
  failures = 0;
  acknowledged = new Map<string, AcknowledgedWrite>();
  /** Revisions acknowledged twice with different content: the first write was lost and its number reused. */
  readonly reissued: string[] = [];
  auditAppended = 0;
  /** Signatures of the audit entries the server acknowledged, by vault. */
  readonly auditAcknowledged = new Map<string, Set<string>>();
  readonly latency = new Map<string, number[]>();
  /** Milliseconds from sending a push to the notice for it on another device's socket. */
  readonly noticeDelay: number[] = [];
  readonly rss: { atS: number; mib: number[] }[] = [];
  readonly started = performance.now();

  record(route: string, ms: number, status: number | null): void {
    this.requests++;
    if (status === null) this.failures++;
    else this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
    const list = this.latency.get(route) ?? [];
    list.push(ms);
    this.latency.set(route, list);
  }

  acknowledge(write: AcknowledgedWrite): void {
    const key = `${write.vaultId}/${write.itemId}`;
    const previous = this.acknowledged.get(key);
    if (previous && previous.revision === write.revision && previous.blob !== write.blob) this.reissued.push(`${key} revision ${write.revision}`);
    if (!previous || previous.revision < write.revision) this.acknowledged.set(key, write);
  }

  acknowledgeAudit(vaultId: string, signature: string): void {
    this.auditAppended++;
    const ids = this.auditAcknowledged.get(vaultId) ?? new Set<string>();
    this.auditAcknowledged.set(vaultId, ids.add(signature));
  }

  /** Samples each process's resident memory every `everyMs` until the returned function is called. */
  sampleRss(pids: () => number[], everyMs = 5000): () => void {
    const sample = () => this.rss.push({ atS: Math.round((performance.now() - this.started) / 1000), mib: pids().map(rssMiB) });
    sample();
    const timer = setInterval(sample, everyMs);
    return () => {
      clearInterval(timer);
      sample();
    };
  }

  print(title: string, seconds: number): void {
    const routes = [...this.latency.entries()].sort(([a], [b]) => a.localeCompare(b));
    printSection({
      title: `${title}: ${this.requests} requests in ${seconds.toFixed(0)} s (${(this.requests / seconds).toFixed(0)}/s), ${this.acknowledged.size} items acknowledged, ${this.auditAppended} audit entries`,
      columns: ['route', 'requests', '/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
      rows: routes.map(([route, ms]) => [route, ms.length, (ms.length / seconds).toFixed(1), ...[50, 95, 99].map((p) => percentile(ms, p).toFixed(1)), Math.max(...ms).toFixed(0)]),
      notes: [
        `statuses ${JSON.stringify(this.byStatus)}; transport failures ${this.failures}`,
        this.noticeDelay.length > 0
          ? `realtime: ${this.noticeDelay.length} notices, push sent → notice on another device p50 ${percentile(this.noticeDelay, 50).toFixed(1)} ms, p99 ${percentile(this.noticeDelay, 99).toFixed(1)} ms`
          : 'realtime: no notices measured',
        this.rss.length > 0 ? `server RSS (MiB) over time: ${this.rss.map((s) => `${s.atS}s ${s.mib.join('/')}`).join(', ')}` : 'server RSS: not sampled',
      ],
      data: [],
    });
  }
}

/** Resident memory of a process in MiB, from /proc (0 once it has exited). */
export function rssMiB(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : 0;
  } catch {
    return 0;
  }
}
