/**
 * SARIF 2.1.0's official JSON schema (OASIS, as Microsoft ships it in @microsoft/jest-sarif, MIT), compiled
 * once: a SARIF file KeyHaven writes must pass what code-scanning tools validate against.
 */
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const schemaPath = join(dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib/schemas/sarif-2.1.0-rtm.5.json');

let validate: ((data: unknown) => boolean) & { errors?: unknown } | null = null;

/** The schema's complaints about `sarif`, as readable lines (empty when it is valid). */
export function sarifSchemaErrors(sarif: unknown): string[] {
  if (!validate) {
    // The schema's `language` pattern has a stray `]` that only non-Unicode regular expressions accept.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
  }
  if (validate(sarif)) return [];
  return ((validate.errors ?? []) as { instancePath?: string; message?: string }[]).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}
