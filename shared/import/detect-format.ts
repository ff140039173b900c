/** Which kind of file the user handed over: a KeyHaven backup, or plaintext .env / JSON / CSV. */
import type { ImportFormat } from './plaintext.js';

export type ImportSource = ImportFormat | 'backup';

export function detectImportFormat(fileName: string, text: string): ImportSource {
  if (text.trimStart().startsWith('{') && text.includes('"keyhaven-backup"')) return 'backup';
  const ext = fileName.toLowerCase().match(/\.[a-z0-9]+$/)?.[0];
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  return 'env';
}
