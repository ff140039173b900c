/**
 * The name a new device gets on the account's device list: which browser, on which system ("Chrome on
 * Linux", "Firefox on macOS"), so that a person revoking one can tell them apart. The person can rename
 * it later on the Devices screen. The server sees device names in the clear (docs/threat-model.md): a
 * name made here says no more than the User-Agent header every request already carries.
 *
 * Client hints (`navigator.userAgentData`, Chromium only) name the brand plainly; elsewhere the
 * User-Agent string is read, with the tokens checked in the order that tells forks apart (Edge and
 * Opera say "Chrome" too, Chrome says "Safari").
 */

export interface PlatformHints {
  userAgent: string;
  /** `navigator.userAgentData`, where the browser has it. */
  brands?: readonly { brand: string; version?: string }[];
  platform?: string;
}

/** The fallback when nothing is recognised: still better than an empty name, which the server refuses. */
export const UNKNOWN_DEVICE = 'Browser';

/** User-Agent tokens, most specific first. */
const UA_BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\b(?:OPR|Opera)\//, 'Opera'],
  [/\bVivaldi\//, 'Vivaldi'],
  [/\b(?:Firefox|FxiOS)\//, 'Firefox'],
  [/\bChromium\//, 'Chromium'],
  [/\b(?:Headless)?Chrome\/|\bCriOS\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

const UA_SYSTEMS: [RegExp, string][] = [
  [/\bWindows\b/, 'Windows'],
  [/\b(?:iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b|\bX11\b/, 'Linux'],
];

/** Client-hint brands as people say them; "Chromium" alone is Chromium itself (or a fork that hides). */
const HINT_BRANDS: Record<string, string> = {
  'Google Chrome': 'Chrome',
  'Microsoft Edge': 'Edge',
  Opera: 'Opera',
  Brave: 'Brave',
  Vivaldi: 'Vivaldi',
};

const HINT_SYSTEMS: Record<string, string> = { 'Chrome OS': 'ChromeOS', 'Chromium OS': 'ChromeOS' };

function browserFromHints(brands: PlatformHints['brands']): string | null {
  if (!brands || brands.length === 0) return null;
  const named = brands.map((b) => HINT_BRANDS[b.brand]).find((b) => b !== undefined);
  if (named) return named;
  return brands.some((b) => b.brand === 'Chromium') ? 'Chromium' : null;
}

function firstMatch(text: string, table: [RegExp, string][]): string | null {
  return table.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

/** "Chrome on Linux", or the browser or the system alone when only one is known. */
export function deviceNameFrom(hints: PlatformHints): string {
  const ua = hints.userAgent;
  // Brave hides in its User-Agent and Debian's Chromium calls itself Chrome there: the hints are better.
  const browser = browserFromHints(hints.brands) ?? firstMatch(ua, UA_BROWSERS);
  const platform = hints.platform?.trim() ? (HINT_SYSTEMS[hints.platform] ?? hints.platform.trim()) : null;
  const system = platform ?? firstMatch(ua, UA_SYSTEMS);
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? (system ? `${UNKNOWN_DEVICE} on ${system}` : UNKNOWN_DEVICE);
}

interface NavigatorWithHints {
  userAgent: string;
  userAgentData?: { brands?: { brand: string; version?: string }[]; platform?: string };
}

/** This browser's name, from the navigator of the page or worker it runs in (none in Node before 21). */
export function thisDeviceName(nav: NavigatorWithHints | undefined = globalThis.navigator): string {
  return deviceNameFrom({ userAgent: nav?.userAgent ?? '', brands: nav?.userAgentData?.brands, platform: nav?.userAgentData?.platform });
}
