import { describe, expect, it } from 'vitest';
import { serverAddressProblem } from '../../../extension/ui/server-address.js';

describe('the sync server address a person types', () => {
  it('takes https anywhere and http on this machine', () => {
    for (const ok of ['https://keyhaven.example.com', 'https://vault.internal:8443/', 'http://127.0.0.1:8787', 'http://localhost:3000', 'http://[::1]:8787'])
      expect(serverAddressProblem(ok)).toBeNull();
  });
  it('says what is wrong: nothing typed, not an address, another scheme, http to another machine', () => {
    expect(serverAddressProblem('  ')).toMatch(/^Give the address/);
    expect(serverAddressProblem('keyhaven.example.com')).toMatch(/is not a web address: it starts with https:\/\//);
    expect(serverAddressProblem('ftp://keyhaven.example.com')).toMatch(/starts with https:\/\/, not ftp:/);
    expect(serverAddressProblem('http://keyhaven.example.com')).toMatch(/^Use https:\/\/ for keyhaven\.example\.com/);
    expect(serverAddressProblem('http://127.0.0.1.example.com')).toMatch(/^Use https:\/\//);
  });
});
