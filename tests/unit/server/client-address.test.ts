/**
 * The address a token's allow-list is checked against: the socket's peer, or behind proxies the
 * operator named, the first address in X-Forwarded-For (read from its end) that none of them is. A
 * client that writes its own X-Forwarded-For gains nothing.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressList, clientAddress, listed, rateLimitAddress } from '../../../server/client-address.js';

let server: ReturnType<typeof serve>;
let url = '';
let trusted: string[] = [];

beforeAll(async () => {
  const app = new Hono();
  app.get('/', (c) => c.text(clientAddress(c, trusted.length ? addressList(trusted) : null)));
  server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const from = (forwarded?: string) => fetch(url, { headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }).then((r) => r.text());

describe('client address', () => {
  it('is the socket peer, whatever X-Forwarded-For says, when no proxy is trusted', async () => {
    trusted = [];
    expect(await from('203.0.113.9')).toBe('127.0.0.1');
  });

  it('behind trusted proxies, is the first untrusted hop from the right, not what the client wrote', async () => {
    trusted = ['127.0.0.1', '10.0.0.0/8'];
    expect(await from('203.0.113.9')).toBe('203.0.113.9');
    // The client forged the first entry; the CDN (10.1.2.3) appended the real one before the load balancer.
    expect(await from('10.9.9.9, 198.51.100.7, 10.1.2.3')).toBe('198.51.100.7');
    expect(await from('garbage, 198.51.100.7')).toBe('198.51.100.7');
    // Proxies that append the port name the same client.
    expect(await from('198.51.100.7:5555')).toBe('198.51.100.7');
    expect(await from('[2001:db8::7]:443, 10.1.2.3')).toBe('2001:db8::7');
  });

  it('behind a trusted proxy, is "unknown" (which no allow-list admits) when the client cannot be read, never the proxy itself', async () => {
    trusted = ['127.0.0.1', '10.0.0.0/8'];
    expect(await from()).toBe('unknown');
    expect(await from('unknown, 10.1.2.3')).toBe('unknown');
    expect(await from('198.51.100.7, not-an-address')).toBe('unknown');
    expect(listed(addressList(['10.0.0.0/8', '127.0.0.0/8']), 'unknown')).toBe(false);
  });

  it('reads IPv4-mapped IPv6 as IPv4 in allow-lists', () => {
    expect(listed(addressList(['203.0.113.0/24']), '::ffff:203.0.113.5')).toBe(true);
    expect(listed(addressList(['2001:db8::/32']), '2001:db8::1')).toBe(true);
    expect(listed(addressList(['2001:db8::/32']), '2001:db9::1')).toBe(false);
    expect(() => addressList(['not-an-address'])).toThrow();
  });

  it('counts an IPv6 client by its /64 for rate limits (one network, one bucket), an IPv4 client by its address', () => {
    expect(rateLimitAddress('2001:db8:1:2:aaaa::1')).toBe('2001:0db8:0001:0002::/64');
    expect(rateLimitAddress('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:0db8:0001:0002::/64');
    expect(rateLimitAddress('2001:db8::')).toBe('2001:0db8:0000:0000::/64');
    expect(rateLimitAddress('::1')).toBe('0000:0000:0000:0000::/64');
    expect(rateLimitAddress('2001:DB8:0:3::9')).not.toBe(rateLimitAddress('2001:db8:0:2::9'));
    expect(rateLimitAddress('203.0.113.9')).toBe('203.0.113.9');
    expect(rateLimitAddress('unknown')).toBe('unknown');
  });
});
