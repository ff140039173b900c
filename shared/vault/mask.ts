/**
 * Masking for display: enough of the ends to recognise a key (`sk-p…a1B2`), never enough to use it.
 * At most 4 characters on each side, and no more than a sixth of the value on each side, so short
 * values give away less; below 12 characters nothing is shown at all.
 */
export const MASK_MIN_LENGTH = 12;
const MAX_VISIBLE_EACH_SIDE = 4;
export const HIDDEN = '••••••••';

export function maskValue(value: string): string {
  const chars = Array.from(value); // by code point, so a mask never splits a surrogate pair
  if (chars.length < MASK_MIN_LENGTH) return HIDDEN;
  const visible = Math.min(MAX_VISIBLE_EACH_SIDE, Math.floor(chars.length / 6));
  return `${chars.slice(0, visible).join('')}…${chars.slice(-visible).join('')}`;
}
