/**
 * Keys that come in two parts (an AWS access key id and its secret access key, a Twilio Account SID and
 * its auth token, an OAuth client id and its secret). The detector reports
 * each part; these join them, and store a pair as one item whose value is the two env-file lines a
 * developer pastes (docs/decisions.md #41).
 */
import type { Detection } from './detect.js';

/**
 * Joins the halves of key pairs: each id with the nearest following secret of its group (else the
 * nearest before it). Parts without a partner stay single.
 */
export function pairDetections(found: readonly Detection[]): Array<Detection | { id: Detection; secret: Detection }> {
  const out: Array<Detection | { id: Detection; secret: Detection }> = [];
  const used = new Set<Detection>();
  for (const id of found) {
    if (id.pair?.role !== 'id') continue;
    const secrets = found.filter((s) => s.pair?.group === id.pair!.group && s.pair.role === 'secret' && !used.has(s));
    const secret = secrets.find((s) => s.start >= id.end) ?? secrets.at(-1);
    if (!secret) continue;
    used.add(id).add(secret);
    out.push({ id, secret });
  }
  for (const d of found) if (!used.has(d)) out.push(d);
  return out;
}

/** Environment variable names for each pair group's two parts. */
const PAIR_NAMES: Record<string, { id: string; secret: string }> = {
  aws: { id: 'AWS_ACCESS_KEY_ID', secret: 'AWS_SECRET_ACCESS_KEY' },
  twilio: { id: 'TWILIO_ACCOUNT_SID', secret: 'TWILIO_AUTH_TOKEN' },
  'twilio-api-key': { id: 'TWILIO_API_KEY', secret: 'TWILIO_API_SECRET' },
  razorpay: { id: 'RAZORPAY_KEY_ID', secret: 'RAZORPAY_KEY_SECRET' },
  plaid: { id: 'PLAID_CLIENT_ID', secret: 'PLAID_SECRET' },
  auth0: { id: 'AUTH0_CLIENT_ID', secret: 'AUTH0_CLIENT_SECRET' },
  paypal: { id: 'PAYPAL_CLIENT_ID', secret: 'PAYPAL_CLIENT_SECRET' },
  twitter: { id: 'TWITTER_API_KEY', secret: 'TWITTER_API_SECRET' },
  'twitter-access': { id: 'TWITTER_ACCESS_TOKEN', secret: 'TWITTER_ACCESS_TOKEN_SECRET' },
};

/** One item value for a pair: `ID_NAME=id` and `SECRET_NAME=secret` on two lines. */
export function pairedValue(group: string, id: string, secret: string): string {
  const names = PAIR_NAMES[group] ?? { id: 'ID', secret: 'SECRET' };
  return `${names.id}=${id}\n${names.secret}=${secret}`;
}

/**
 * The values an item's value stands for when asking "is this key already saved?": the value itself
 * and, for env-file style values (a pair), each assigned value.
 */
export function valuesOf(itemValue: string): string[] {
  const out = [itemValue.trim()];
  for (const line of itemValue.split('\n')) {
    const m = /^\s*[A-Za-z_][A-Za-z0-9_]*\s*=\s*(\S+)\s*$/.exec(line);
    if (m) out.push(m[1]!);
  }
  return out;
}
