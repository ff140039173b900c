/**
 * Numbers as the browser's language writes them (600,000 in en-US, 600.000 in de-DE, 600 000 in fr-FR),
 * the same on every screen: one Intl.NumberFormat, made once, rather than each screen's own
 * `toLocaleString('en-US')` or hand-made separators. `locale` is for tests.
 */
const browserFormat = new Intl.NumberFormat();

export function formatNumber(n: number, locale?: string): string {
  return locale ? new Intl.NumberFormat(locale).format(n) : browserFormat.format(n);
}
