/** The zero-knowledge search must find a secret however it was stored, or its "nothing found" means nothing. */
import { describe, expect, it } from 'vitest';
import { needlesFor } from '../../support/needles.js';

const secret = 'sk-proj-Q7mXk2pLw9RtZ4vB';
const bytes = Buffer.from(secret);
const noise = (n: number) => Buffer.alloc(n, 0xa7);

describe('needlesFor', () => {
  it('finds a fragment of 8 characters in plain text, and nothing in unrelated text', () => {
    const needles = needlesFor([secret]);
    expect(needles.find(`{"name":"x","blob":"...2pLw9RtZ..."}`)).toMatchObject([{ encoding: 'plain' }]);
    expect(needles.find('{"name":"sk-proj","note":"Q7mXk2p"}')).toEqual([]);
  });

  it('finds the secret inside longer bytes in base64 and base64url at each alignment, and in hex of either case', () => {
    const needles = needlesFor([secret]);
    for (let pad = 0; pad < 3; pad++) {
      const embedded = Buffer.concat([noise(pad), bytes, noise(5)]);
      expect(needles.find(embedded.toString('base64')).map((t) => t.encoding)).toContain('base64');
      expect(needles.find(embedded.toString('base64url')).length).toBeGreaterThan(0);
      expect(needles.find(embedded.toString('hex').toUpperCase())).toMatchObject([{ encoding: 'hex' }]);
    }
  });

  it('refuses a secret too short to search for meaningfully', () => {
    expect(() => needlesFor(['short'])).toThrow(/at least 8/);
  });
});
