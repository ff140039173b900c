/**
 * Named shapes of the secrets developers make themselves (providers issue their own API keys; these are
 * the ones on the other side: webhook secrets, signing keys, service passwords). A preset is only a set
 * of generator options, so the form shows the one that matches what is chosen, or "Custom".
 */
import type { GeneratorOptions } from './generator.js';

export interface GeneratorPreset {
  id: string;
  label: string;
  options: GeneratorOptions;
}

export const GENERATOR_PRESETS: readonly GeneratorPreset[] = [
  // 43 base64url characters: what "Generate" always made (32 bytes), 258 bits.
  { id: 'default', label: 'Random key (43 base64url)', options: { charset: 'base64url', length: 43, prefix: '' } },
  // Stripe's shape. 32 letters and digits are also valid base64 of 24 bytes, the minimum the Standard
  // Webhooks spec (Svix) asks of the part after `whsec_`; base64url's `-` and `_` would not decode there.
  { id: 'webhook', label: 'Webhook secret (whsec_ + 32)', options: { charset: 'alphanumeric', length: 32, prefix: 'whsec_' } },
  // 32 bytes as `openssl rand -hex 32` prints them: AES-256 and HMAC-SHA256 keys, most "secret key" settings.
  { id: 'hex32', label: 'Hex, 32 bytes (64 digits)', options: { charset: 'hex', length: 64, prefix: '' } },
  // A service or database password: symbols that need no quoting in .env or a shell (charsets.ts).
  { id: 'password', label: 'Password (32 with symbols)', options: { charset: 'symbols', length: 32, prefix: '' } },
];

/** The preset these options are exactly, if any. */
export function matchingPreset(options: GeneratorOptions): GeneratorPreset | undefined {
  return GENERATOR_PRESETS.find((p) => p.options.charset === options.charset && p.options.length === options.length && p.options.prefix === options.prefix);
}
