import { describe, expect, it } from 'vitest';
import { deviceNameFrom, thisDeviceName } from '../../../extension/background/device-name.js';

// Real User-Agent strings, as each browser sends them.
const UA = {
  chromeLinux: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  headless: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
  chromeMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  edgeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86',
  operaWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0',
  firefoxMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:140.0) Gecko/20100101 Firefox/140.0',
  firefoxAndroid: 'Mozilla/5.0 (Android 14; Mobile; rv:142.0) Gecko/142.0 Firefox/142.0',
  safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  chromeOs: 'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  chromiumLinux: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/120.0.0.0 Chrome/120.0.0.0 Safari/537.36',
};

describe('deviceNameFrom: the User-Agent string', () => {
  it.each([
    [UA.chromeLinux, 'Chrome on Linux'],
    [UA.headless, 'Chrome on Linux'],
    [UA.chromeMac, 'Chrome on macOS'],
    [UA.edgeWindows, 'Edge on Windows'],
    [UA.operaWindows, 'Opera on Windows'],
    [UA.firefoxLinux, 'Firefox on Linux'],
    [UA.firefoxMac, 'Firefox on macOS'],
    [UA.firefoxAndroid, 'Firefox on Android'],
    [UA.safariMac, 'Safari on macOS'],
    [UA.chromeOs, 'Chrome on ChromeOS'],
    [UA.chromiumLinux, 'Chromium on Linux'],
  ])('%s → %s', (userAgent, name) => {
    expect(deviceNameFrom({ userAgent })).toBe(name);
  });

  it('says what it knows when it knows only half, and never gives an empty name', () => {
    expect(deviceNameFrom({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) SomeBrowser/1.0' })).toBe('Browser on Linux');
    expect(deviceNameFrom({ userAgent: 'Firefox/140.0' })).toBe('Firefox');
    expect(deviceNameFrom({ userAgent: '' })).toBe('Browser');
  });
});

describe('deviceNameFrom: client hints win where they exist', () => {
  const grease = { brand: 'Not=A?Brand', version: '24' };
  it('names the brand behind a User-Agent that says only "Chrome"', () => {
    expect(deviceNameFrom({ userAgent: UA.chromeLinux, brands: [grease, { brand: 'Chromium' }], platform: 'Linux' })).toBe('Chromium on Linux');
    expect(deviceNameFrom({ userAgent: UA.chromeLinux, brands: [{ brand: 'Chromium' }, { brand: 'Google Chrome' }, grease], platform: 'Linux' })).toBe('Chrome on Linux');
    expect(deviceNameFrom({ userAgent: UA.edgeWindows, brands: [{ brand: 'Microsoft Edge' }, { brand: 'Chromium' }], platform: 'Windows' })).toBe('Edge on Windows');
    expect(deviceNameFrom({ userAgent: UA.chromeMac, brands: [{ brand: 'Brave' }, { brand: 'Chromium' }], platform: 'macOS' })).toBe('Brave on macOS');
    expect(deviceNameFrom({ userAgent: UA.chromeOs, brands: [{ brand: 'Google Chrome' }], platform: 'Chrome OS' })).toBe('Chrome on ChromeOS');
  });

  it('falls back to the User-Agent string when the hints are empty or only grease', () => {
    expect(deviceNameFrom({ userAgent: UA.operaWindows, brands: [grease], platform: '' })).toBe('Opera on Windows');
    expect(deviceNameFrom({ userAgent: UA.firefoxLinux, brands: [] })).toBe('Firefox on Linux');
  });
});

describe('thisDeviceName', () => {
  it('reads the navigator it is given (Firefox has no userAgentData)', () => {
    expect(thisDeviceName({ userAgent: UA.firefoxMac })).toBe('Firefox on macOS');
    expect(thisDeviceName({ userAgent: UA.chromeLinux, userAgentData: { brands: [{ brand: 'Google Chrome' }], platform: 'Linux' } })).toBe('Chrome on Linux');
  });
});
