/**
 * The address a request comes from, for access tokens' allow-lists and last-use records. It is the
 * socket's peer, unless that peer is a reverse proxy the operator named (KEYHAVEN_TRUSTED_PROXIES):
 * then X-Forwarded-For is read from its end, past every trusted proxy, to the first address none of
 * them is: the one the outermost trusted proxy saw. Nothing to its left counts (a client can write
 * anything it likes at the start of that header). What cannot be read is "unknown", never the proxy.
 */
import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** "203.0.113.0/24", "2001:db8::/32" or a bare address, as a BlockList; refuses anything else. */
export function addressList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [address, prefix] = range.split('/');
    const family = isIP(address ?? '');
    if (family === 0) throw new Error(`"${range}" is not an IP address or CIDR range`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address!, type);
    else list.addSubnet(address!, Number(prefix), type);
  }
  return list;
}

/** Whether `address` is in `list`, reading an IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 it is. */
export function listed(list: BlockList, address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return list.check(mapped[1]!, 'ipv4') || list.check(address, 'ipv6');
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export function clientAddress(c: Context, trustedProxies: BlockList | null): string {
  const peer = getConnInfo(c).remote.address ?? 'unknown';
  if (!trustedProxies || !listed(trustedProxies, peer)) return normalise(peer);
  const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  // Fails closed: a trusted proxy that names no client, or a hop that is not an address, gives "unknown",
  // which no allow-list admits (never the proxy's own address, which an internal range may well admit).
  let client = 'unknown';
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const hop = bareAddress(forwarded[i]!);
    if (!hop) return 'unknown';
    client = hop;
    if (!listed(trustedProxies, hop)) break;
  }
  return normalise(client);
}

/** "203.0.113.9", "203.0.113.9:5555", "2001:db8::1" or "[2001:db8::1]:443" (proxies that append the port) as the address alone. */
function bareAddress(hop: string): string | null {
  if (isIP(hop)) return hop;
  const withPort = /^\[([0-9a-fA-F:.]+)\]:\d{1,5}$/.exec(hop) ?? /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(hop);
  return withPort && isIP(withPort[1]!) ? withPort[1]! : null;
}

/** The operator's trusted proxies as a list, or null when there are none. */
export const trustedProxyList = (ranges: readonly string[]): BlockList | null => (ranges.length > 0 ? addressList(ranges) : null);

/**
 * What a per-address rate limit counts: an IPv4 address, or an IPv6 address's /64 (one customer's
 * network gets a whole /64, so counting single IPv6 addresses would give one attacker 2^64 buckets).
 */
export function rateLimitAddress(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.padStart(4, '0')).join(':')}::/64`;
}

const normalise = (address: string) => /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;
