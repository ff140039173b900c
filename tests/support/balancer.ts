/**
 * A round-robin HTTP load balancer for multi-instance tests: each request (and each realtime upgrade)
 * goes to the next upstream in turn, as a plain L7 balancer without sticky sessions does. Upstreams can
 * be replaced while it runs (a restarted server listens on a new port); a request to an upstream that
 * is down gets 502, as from a real balancer.
 */
import http from 'node:http';
import net from 'node:net';

export interface Balancer {
  url: string;
  /** How many requests each upstream got, by upstream URL. */
  served: Map<string, number>;
  setUpstreams(urls: string[]): void;
  close(): Promise<void>;
}

export async function startBalancer(upstreams: string[]): Promise<Balancer> {
  let targets = upstreams.map((u) => new URL(u));
  let turn = 0;
  const served = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  const next = () => {
    const target = targets[turn++ % targets.length]!;
    served.set(target.origin, (served.get(target.origin) ?? 0) + 1);
    return target;
  };

  const server = http.createServer((req, res) => {
    const target = next();
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      // An instance that dies mid-answer: cut the client's connection too, as a real balancer does, rather than leave it waiting.
      answer.on('close', () => {
        if (!answer.complete) res.destroy();
      });
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'bad-gateway', message: 'the balancer could not reach an instance' } }));
    });
    req.pipe(upstream);
  });
  // A WebSocket upgrade is a byte stream after the handshake: replay the request head, then pipe.
  server.on('upgrade', (req, client: net.Socket, head: Buffer) => {
    const target = next();
    const upstream = net.connect(Number(target.port), target.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(req.headers).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}: ${x}`) : [`${k}: ${v}`]))];
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      client.pipe(upstream).pipe(client);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    setUpstreams(urls) {
      targets = urls.map((u) => new URL(u));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
