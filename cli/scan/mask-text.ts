/** Text the scan prints that it did not write itself (git's messages, file names): any key in it masked. */
import { detectKeys, maskValue } from '../../shared/index.js';

export function maskFound(text: string): string {
  let out = '';
  let at = 0;
  for (const d of detectKeys(text)) {
    out += text.slice(at, d.start) + maskValue(d.value);
    at = d.end;
  }
  return out + text.slice(at);
}
