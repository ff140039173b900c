import { describe, expect, it } from 'vitest';
import { CATALOGUE, importPlaintext, parseDotenv } from '../../../shared/index.js';
import { fakeKey, HEX, randomChars } from '../../support/fake-keys.js';

const now = new Date('2026-11-21T12:00:00Z');

describe('.env parsing', () => {
  it('reads a messy real-world file: comments, quotes, export, spaces, CRLF, BOM', () => {
    const text = [
      '\uFEFF# Production secrets',
      '',
      'export OPENAI_API_KEY=sk-proj-abc123  # the main key',
      'STRIPE_SECRET = "sk_live_with # hash inside"',
      "SINGLE='literal \\n stays'",
      'DOUBLE="line1\\nline2\\t\\"q\\""',
      'BACKTICK=`keep $HOME as is`',
      'URL=https://example.com/#anchor',
      '   INDENTED=value   ',
      'EMPTY=',
      'MULTI="first',
      'second"',
      'DOTTED.NAME-x=ok',
    ].join('\r\n');
    const { entries, problems } = parseDotenv(text);
    expect(Object.fromEntries(entries.map((e) => [e.key, e.value]))).toEqual({
      OPENAI_API_KEY: 'sk-proj-abc123',
      STRIPE_SECRET: 'sk_live_with # hash inside',
      SINGLE: 'literal \\n stays',
      DOUBLE: 'line1\nline2\t"q"',
      BACKTICK: 'keep $HOME as is',
      URL: 'https://example.com/#anchor',
      INDENTED: 'value',
      EMPTY: '',
      MULTI: 'first\nsecond',
      'DOTTED.NAME-x': 'ok',
    });
    expect(entries.find((e) => e.key === 'OPENAI_API_KEY')!.line).toBe(3);
    expect(problems).toEqual([]);
  });

  it('reports lines it cannot read instead of guessing', () => {
    const { entries, problems } = parseDotenv('GOOD=1\njust some words\n1BAD=x\nOPEN="never closed\nLAST=2');
    expect(entries.map((e) => e.key)).toEqual(['GOOD']);
    expect(problems).toEqual([
      { line: 2, reason: 'not a KEY=value line' },
      { line: 3, reason: '"1BAD" is not a valid variable name' },
      { line: 4, key: 'OPEN', reason: 'the " quote is never closed' },
    ]);
  });
});

describe('.env import report', () => {
  it('imports secrets, keeps the last of duplicates, and says what it skipped and why', () => {
    const text = 'API_KEY=first\nAPI_KEY=second\nEMPTY=\nnonsense\nTOKEN=ghp_abc\n';
    const report = importPlaintext(text, 'env', { now, environment: 'staging', tags: ['imported'] });
    expect(report.items.map((i) => [i.name, i.value, i.type, i.environment, i.tags])).toEqual([
      ['API_KEY', 'second', 'secret', 'staging', ['imported']],
      ['TOKEN', 'ghp_abc', 'secret', 'staging', ['imported']],
    ]);
    expect(report.skipped).toEqual([
      { where: 'line 4', reason: 'not a KEY=value line' },
      { where: 'line 1', name: 'API_KEY', reason: 'API_KEY is defined again later; the later value was kept' },
      { where: 'line 3', name: 'EMPTY', reason: 'empty value' },
    ]);
    // Each imported key keeps its line, so a second import can say where the one already there is.
    expect(report.origins).toEqual(['line 2', 'line 5']);
  });
});

describe('.env import recognises providers', () => {
  it('gives each key its provider and kind, as the add form would, and leaves other values alone', () => {
    const key = (provider: string, kind: string) => fakeKey(CATALOGUE.find((e) => e.provider === provider && e.kind === kind)!);
    const text = [
      `OPENAI_API_KEY=${key('openai', 'project')}`,
      `GITHUB_TOKEN=${key('github', 'classic-pat')}`,
      `DATADOG_API_KEY=${randomChars(HEX, 32)}`,
      `SESSION_SALT=${randomChars(HEX, 32)}`,
      'DATABASE_URL=postgres://app:pw@db.example.net/app',
    ].join('\n');
    const { items } = importPlaintext(text, 'env', { now });
    expect(items.map((i) => [i.name, i.type, i.provider, i.kind])).toEqual([
      ['OPENAI_API_KEY', 'api-key', 'openai', 'project'],
      ['GITHUB_TOKEN', 'api-key', 'github', 'classic-pat'],
      ['DATADOG_API_KEY', 'api-key', 'datadog', 'api-key'],
      ['SESSION_SALT', 'secret', '', ''],
      ['DATABASE_URL', 'secret', '', ''],
    ]);
  });

  it('keeps what a JSON or CSV file says about an entry', () => {
    const value = fakeKey(CATALOGUE.find((e) => e.provider === 'stripe' && e.kind === 'secret-live')!);
    const { items } = importPlaintext(JSON.stringify([{ name: 'Billing', value, provider: 'acme', type: 'secret' }]), 'json', { now });
    expect(items.map((i) => [i.type, i.provider])).toEqual([['secret', 'acme']]);
  });
});
