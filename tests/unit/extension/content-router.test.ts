/**
 * What the content script on a provider dashboard may ask the background, over a real VaultService
 * (real crypto, Dexie on fake-indexeddb, in-memory browser ports): is a key saved already, save it
 * (also while locked: it waits for the unlock), which keys fit a field, fill one (audited, only one
 * that was offered to that tab).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../../shared/index.js';
import { routeContent } from '../../../extension/background/content-router.js';
import type { ContentSender } from '../../../extension/background/content-actions.js';
import { memoryPorts } from '../../../extension/background/ports.js';
import { route } from '../../../extension/background/router.js';
import { VaultService } from '../../../extension/background/vault-service.js';
import { KeyHavenDatabase } from '../../../extension/db/database.js';
import type { ContentAnswers, ContentRequest } from '../../../extension/messages/content-protocol.js';
import type { Answers, Request } from '../../../extension/messages/protocol.js';
import { fakeKey } from '../../support/fake-keys.js';

const PASSWORD = 'content test password';
const OPENAI = { tabId: 7, url: new URL('https://platform.openai.com/api-keys?token=not-for-us#x') } satisfies ContentSender;
const OTHER_TAB = { tabId: 8, url: new URL('https://vercel.com/team/project/settings/environment-variables') } satisfies ContentSender;
const entry = (provider: string, kind: string) => CATALOGUE.find((e) => e.provider === provider && e.kind === kind)!;

let ports: ReturnType<typeof memoryPorts>;
let service: VaultService;

beforeEach(async () => {
  ports = memoryPorts();
  service = new VaultService(new KeyHavenDatabase('keyhaven', { indexedDB: new IDBFactory(), IDBKeyRange }), ports);
  await page({ type: 'create-local', password: PASSWORD });
});

async function page<T extends Request['type']>(request: Extract<Request, { type: T }>): Promise<Answers[T]> {
  const answer = await route(service, request);
  if (!answer.ok) throw new Error(`${request.type}: ${answer.error.message}`);
  return answer.data as Answers[T];
}

async function content<T extends ContentRequest['type']>(request: Extract<ContentRequest, { type: T }>, sender: ContentSender = OPENAI): Promise<ContentAnswers[T]> {
  const answer = await routeContent(service, request, sender);
  if (!answer.ok) throw new Error(`${request.type}: ${answer.error.code} ${answer.error.message}`);
  return answer.data as ContentAnswers[T];
}

const save = (value: string, extra: Partial<Extract<ContentRequest, { type: 'content.save' }>> = {}) =>
  content({ type: 'content.save', ref: 'k1', value, name: 'OpenAI project key', provider: 'openai', kind: 'project', ...extra });

describe('content script requests', () => {
  it('saves a key from the page with its page address (no query), and then knows it', async () => {
    const key = fakeKey(entry('openai', 'project'));
    expect(await content({ type: 'content.check', values: [key] })).toEqual({ locked: false, known: [false] });
    expect(await save(key)).toEqual({ status: 'saved', name: 'OpenAI project key' });
    const [item] = (await page({ type: 'list' })).items;
    expect(item).toMatchObject({ name: 'OpenAI project key', provider: 'openai', kind: 'project' });
    expect((await page({ type: 'item', itemId: item!.id })).url).toBe('https://platform.openai.com/api-keys');
    expect(await content({ type: 'content.check', values: [key, `${key}x`] })).toEqual({ locked: false, known: [true, false] });
    // The same key shown again is not saved twice; a second key with the same name gets its own name.
    expect(await save(key)).toEqual({ status: 'known' });
    expect(await save(fakeKey(entry('openai', 'project')))).toEqual({ status: 'saved', name: 'OpenAI project key (2)' });
  });

  it('saves an AWS key id and its secret as one item that knows both', async () => {
    const id = fakeKey(entry('aws', 'access-key-id'));
    const secret = 'wJalrXUtnFEMIK7MDENGbPxRfiCY' + 'a1B2c3D4e5F6';
    await save(id, { secret, name: 'AWS deploy', provider: 'aws', kind: 'access-key' });
    const [item] = (await page({ type: 'list' })).items;
    expect((await page({ type: 'reveal', itemId: item!.id })).value).toBe(`AWS_ACCESS_KEY_ID=${id}\nAWS_SECRET_ACCESS_KEY=${secret}`);
    expect(await content({ type: 'content.check', values: [id, secret] })).toEqual({ locked: false, known: [true, true] });
  });

  it('while locked, a save opens the popup and finishes when the vault is unlocked', async () => {
    await page({ type: 'lock' });
    const key = fakeKey(entry('anthropic', 'api'));
    expect(await content({ type: 'content.check', values: [key] })).toEqual({ locked: true });
    expect(await save(key, { ref: 'r9', name: 'Anthropic key', provider: 'anthropic', kind: 'api' })).toEqual({ status: 'locked' });
    expect(ports.popupsOpened).toBe(1);
    expect((await route(service, { type: 'list' })).ok).toBe(false);
    await page({ type: 'unlock', password: PASSWORD });
    expect(ports.tabMessages).toEqual([{ tabId: 7, message: { type: 'content.save-finished', ref: 'r9', result: { status: 'saved', name: 'Anthropic key' } } }]);
    expect((await page({ type: 'list' })).items.map((i) => i.name)).toEqual(['Anthropic key']);
  });

  it('offers the keys of the provider the field or the site names (the rest one step away), and fills only what it offered, audited', async () => {
    await page({ type: 'add', fields: { name: 'Zeta OpenAI', provider: 'openai' }, value: fakeKey(entry('openai', 'project')) });
    await page({ type: 'add', fields: { name: 'Alpha Stripe', provider: 'stripe' }, value: fakeKey(entry('stripe', 'secret-test')) });
    await page({ type: 'add', fields: { name: 'AWS prod', provider: 'aws' }, value: `AWS_ACCESS_KEY_ID=${fakeKey(entry('aws', 'access-key-id'))}` });
    await page({ type: 'add', fields: { name: 'DATABASE_URL', url: 'https://vercel.com/team/project/storage' }, value: 'postgres://app:pw-for-tests@db.example.net/app' });
    const old = await page({ type: 'add', fields: { name: 'Old Groq', provider: 'groq' }, value: fakeKey(entry('groq', 'api-key')) });
    await page({ type: 'revoke', itemId: old.id, reason: 'leaked' });

    // On OpenAI's dashboard, a plain "API key" field gets OpenAI keys only: no AWS secret, no database URL.
    const onOpenAI = await content({ type: 'content.matches', hint: 'API key' });
    expect(onOpenAI).toMatchObject({ locked: false, narrowed: { to: ['OpenAI'], from: 'site', hidden: 3 } });
    expect(onOpenAI.locked === false && onOpenAI.items.map((i) => i.name)).toEqual(['Zeta OpenAI']);
    const everything = await content({ type: 'content.matches', hint: 'API key', all: true });
    // Every key, those that fit the field first (a long vault must not push them past the list's cut).
    expect(everything).toMatchObject({ locked: false, narrowed: null, total: 4 });
    expect(everything.locked === false && everything.items.map((i) => i.name)).toEqual(['Zeta OpenAI', 'Alpha Stripe', 'AWS prod', 'DATABASE_URL']);
    // A field named after a provider wins over the site; a key saved from this very site is offered too.
    const named = await content({ type: 'content.matches', hint: 'STRIPE_SECRET_KEY' }, OTHER_TAB);
    expect(named).toMatchObject({ locked: false, narrowed: { to: ['Stripe'], from: 'label' } });
    expect(named.locked === false && named.items.map((i) => i.name)).toEqual(['Alpha Stripe', 'DATABASE_URL']);

    // The page gets a token for each offer, never an item's id.
    const offer = named.locked === false ? named.items[0]!.id : '';
    const stripe = (await page({ type: 'list' })).items.find((i) => i.name === 'Alpha Stripe')!;
    expect(offer).not.toBe(stripe.id);
    expect(await routeContent(service, { type: 'content.fill', itemId: stripe.id }, OTHER_TAB)).toMatchObject({ ok: false, error: { code: 'not-offered' } });
    // Offered to the page, not to a frame inside it: a frame can neither fill with it nor replace it.
    expect(await routeContent(service, { type: 'content.fill', itemId: offer }, { ...OTHER_TAB, frameId: 3 })).toMatchObject({ ok: false, error: { code: 'not-offered' } });
    await content({ type: 'content.matches', hint: 'API key' }, { ...OTHER_TAB, frameId: 3 });
    // Offered to the other tab, not to this one: refused here.
    expect(await routeContent(service, { type: 'content.fill', itemId: offer }, { ...OPENAI, tabId: 99 })).toMatchObject({ ok: false, error: { code: 'not-offered' } });
    const { value } = await content({ type: 'content.fill', itemId: offer }, OTHER_TAB);
    expect(value).toMatch(/^sk_test_/);
    const audit = await page({ type: 'audit', itemId: stripe.id });
    expect(audit.entries.map((e) => e.action)).toContain('item.fill');
    expect(audit.entries.find((e) => e.action === 'item.fill')?.detail).toMatchObject({ site: 'vercel.com' });
  });

  it('refuses malformed requests by field, and never answers content requests with vault data while locked', async () => {
    expect(await routeContent(service, { type: 'content.save', ref: 'x', value: 'short', name: '', provider: '', kind: '' }, OPENAI)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await routeContent(service, { type: 'list' }, OPENAI)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    await page({ type: 'lock' });
    expect(await content({ type: 'content.matches', hint: '' })).toEqual({ locked: true });
  });
});
