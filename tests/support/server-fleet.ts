/**
 * Several server processes on one database behind a round-robin balancer, each of which can be killed
 * and started again (on a new port, which the balancer then uses): the deployment the load and crash
 * runs drive.
 */
import { startBalancer, type Balancer } from './balancer.js';
import { spawnServer, type ServerProcess } from './process.js';

export interface Fleet {
  url: string;
  balancer: Balancer;
  servers: ServerProcess[];
  pids(): number[];
  /** SIGKILL instance `i` and start it again; resolves once the new process listens. */
  crash(i: number): Promise<void>;
  /** Exits nobody asked for (a crash of its own, say on a database restart). */
  unexpectedExits: string[];
  /** Everything the processes printed, for the "no unhandled error" check. */
  output(): string;
  close(): Promise<void>;
}

export async function startFleet(count: number, env: Record<string, string>): Promise<Fleet> {
  const unexpectedExits: string[] = [];
  const killed = new Set<ServerProcess>();
  const watch = (s: ServerProcess) => {
    void s.exited.then((e) => {
      if (!killed.has(s)) unexpectedExits.push(`a server exited by itself (${JSON.stringify(e)}):\n${s.output().slice(-1500)}`);
    });
    return s;
  };
  const servers = (await Promise.all(Array.from({ length: count }, () => spawnServer(env)))).map(watch);
  const balancer = await startBalancer(servers.map((s) => s.url));
  const earlier: string[] = [];
  return {
    url: balancer.url,
    balancer,
    servers,
    pids: () => servers.map((s) => s.child.pid!),
    unexpectedExits,
    async crash(i) {
      const old = servers[i]!;
      killed.add(old);
      old.child.kill('SIGKILL');
      await old.exited;
      earlier.push(old.output());
      servers[i] = watch(await spawnServer(env));
      balancer.setUpstreams(servers.map((s) => s.url));
    },
    output: () => [...earlier, ...servers.map((s) => s.output())].join('\n'),
    async close() {
      await balancer.close();
      for (const s of servers) {
        killed.add(s);
        s.child.kill('SIGTERM');
      }
      await Promise.all(servers.map((s) => s.exited));
    },
  };
}
