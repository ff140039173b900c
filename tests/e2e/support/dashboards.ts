/**
 * Pages that imitate how provider dashboards show a new key, served over HTTPS under the providers'
 * own host names: Chromium's --host-resolver-rules sends those names to this local server; Firefox, which
 * has no such switch, is given this server's CONNECT proxy for HTTPS. The certificate is made by openssl
 * at test time (both browsers are told to accept it). The content script thus runs exactly where it runs
 * for real: its manifest matches are the real hosts, and the addresses are the real ones.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createProxy } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Dashboards {
  /** Chromium switches that route `hosts` here and accept the test certificate. */
  chromiumArgs: string[];
  /** An HTTP proxy whose every CONNECT tunnel ends at this server (whatever host was asked for). */
  proxyPort: number;
  /** Serves `html` (a whole page body) at https://host/path. */
  page(host: string, path: string, body: string): string;
  close(): Promise<void>;
}

function certificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'keyhaven-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=keyhaven-test',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startDashboards(hosts: string[]): Promise<Dashboards> {
  const pages = new Map<string, string>();
  const server: Server = createServer(certificate(), (req, res) => {
    const body = pages.get(`${req.headers.host}${(req.url ?? '/').split('?')[0]}`);
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ? `<!doctype html><html><head><meta charset="utf-8"><title>${req.headers.host}</title></head><body>${body}</body></html>` : 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const proxy = createProxy((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (_req, socket, head) => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    server.emit('connection', socket);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    proxyPort: (proxy.address() as AddressInfo).port,
    chromiumArgs: [`--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', ')}`, '--ignore-certificate-errors'],
    page(host, path, body) {
      pages.set(`${host}${path}`, body);
      return `https://${host}${path}`;
    },
    async close() {
      proxy.closeAllConnections();
      server.closeAllConnections();
      await Promise.all([proxy, server].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
