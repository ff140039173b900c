/**
 * The background's answers to the content script: is this key saved already, save it, which keys fit
 * this field, fill it. The page's host comes from the sender the browser reports, never from the
 * message. Saves asked for while the vault is locked wait here (in memory) until it is unlocked.
 *
 * "Already saved?" compares keyed hashes (docs/crypto.md §19): HMAC-SHA-256 of each saved value under a
 * key made for this worker's lifetime, so the index in memory says nothing about the values without it.
 */
import { compareNames, keyFitsField, pairedValue, providerName, providersForField, toHex, utf8, valuesOf } from '../../shared/index.js';
import type { ContentAnswers, FillChoice, SaveResult } from '../messages/content-protocol.js';
import { BackgroundError } from './errors.js';
import type { ItemActions } from './item-actions.js';
import type { BackgroundPorts } from './ports.js';

/** What the content actions need from the VaultService. */
export interface ContentVault {
  isUnlocked(): Promise<boolean>;
  /** The default vault's actions: where saves from a dashboard go. */
  items(): Promise<ItemActions>;
  /** Every vault's: what "already saved?" and "Fill" look through. */
  allItems(): Promise<ItemActions[]>;
  /** Changes whenever saved values may have changed (a write, a sync, a lock). */
  readonly revision: number;
}

export interface ContentSender {
  tabId: number;
  /** 0 for the page itself; a frame's own id otherwise (offers are per frame). */
  frameId?: number;
  /** The page's URL as the browser reports it. */
  url: URL;
}

/** Offers belong to one frame of one tab: another frame on the page cannot fill with them or replace them. */
const offerKey = (sender: ContentSender) => `${sender.tabId}:${sender.frameId ?? 0}`;

export interface SaveRequest {
  ref: string;
  value: string;
  secret?: string | undefined;
  name: string;
  provider: string;
  kind: string;
}

/** How long keys offered for a field may be filled, and a locked save may wait for the unlock. */
const OFFER_MS = 5 * 60_000;
const MAX_CHOICES = 50;

let hashKey: Promise<CryptoKey> | null = null;
function keyedHash(value: string): Promise<string> {
  hashKey ??= crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']) as Promise<CryptoKey>;
  return hashKey.then(async (key) => toHex(new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8(value.trim())))));
}

export class ContentActions {
  private index: { revision: number; hashes: Promise<Set<string>> } | null = null;
  private readonly pending = new Map<string, { sender: ContentSender; request: SaveRequest; at: number }>();
  /** By tab and frame: each offered key under a fresh token, so a page names an offer, never an item (ids can repeat across vaults). */
  private readonly offered = new Map<string, { ids: Map<string, { actions: ItemActions; itemId: string }>; at: number }>();

  constructor(
    private readonly vault: ContentVault,
    private readonly ports: Pick<BackgroundPorts, 'openPopup' | 'notifyTab'>,
  ) {}

  private hashes(): Promise<Set<string>> {
    if (this.index?.revision !== this.vault.revision) {
      const build = async () => {
        const values = (await Promise.all((await this.vault.allItems()).map((a) => a.savedValues()))).flat();
        const all = await Promise.all(values.flatMap((value) => valuesOf(value).map(keyedHash)));
        return new Set(all);
      };
      this.index = { revision: this.vault.revision, hashes: build() };
    }
    return this.index.hashes;
  }

  async check(values: string[]): Promise<ContentAnswers['content.check']> {
    if (!(await this.vault.isUnlocked())) return { locked: true };
    const saved = await this.hashes();
    return { locked: false, known: await Promise.all(values.map(async (v) => saved.has(await keyedHash(v)))) };
  }

  async save(request: SaveRequest, sender: ContentSender): Promise<SaveResult> {
    if (!(await this.vault.isUnlocked())) {
      this.pending.set(`${sender.tabId}:${request.ref}`, { sender, request, at: Date.now() });
      await this.ports.openPopup();
      return { status: 'locked' };
    }
    return this.saveNow(request, sender);
  }

  private async saveNow(request: SaveRequest, sender: ContentSender): Promise<SaveResult> {
    const saved = await this.hashes();
    if (saved.has(await keyedHash(request.value))) return { status: 'known' };
    const actions = await this.vault.items();
    const taken = new Set((await actions.list()).items.map((i) => i.name.toLowerCase()));
    let name = request.name;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${request.name} (${n})`;
    // Pair groups are named after their provider (the catalogue's `pair.group`: `aws`).
    const value = request.secret ? pairedValue(request.provider, request.value, request.secret) : request.value;
    // The page's address without query or fragment: those sometimes carry tokens themselves.
    const url = `${sender.url.origin}${sender.url.pathname}`;
    await actions.add({ name, provider: request.provider, kind: request.kind, url, type: 'api-key' }, value);
    return { status: 'saved', name };
  }

  /** After an unlock: finishes the saves that were waiting for it and tells their tabs. */
  async unlocked(): Promise<void> {
    const waiting = [...this.pending.values()].filter((p) => Date.now() - p.at < OFFER_MS);
    this.pending.clear();
    for (const { sender, request } of waiting) {
      const result = await this.saveNow(request, sender).catch(() => null);
      if (result) await this.ports.notifyTab(sender.tabId, { type: 'content.save-finished', ref: request.ref, result });
    }
  }

  /**
   * The keys offered for a field: those of the provider its label or the site names (and keys saved from
   * this site), or every active key with `all`. Each gets a fresh token; the page never sees item ids.
   */
  async matches(hint: string, sender: ContentSender, all = false): Promise<ContentAnswers['content.matches']> {
    if (!(await this.vault.isUnlocked())) return { locked: true };
    const host = sender.url.hostname;
    const wanted = providersForField(hint, host);
    const vaults = await Promise.all((await this.vault.allItems()).map(async (actions) => (await actions.indexed()).items.map((item) => ({ actions, item }))));
    const active = vaults.flat().filter(({ item }) => item.facts.status.state === 'active' && item.facts.type !== 'note');
    const fits = new Set(active.filter(({ item }) => keyFitsField(item.facts, wanted, host)));
    // All keys: those that fit the field still come first, so a long vault does not push them past the cut.
    const listed = (all ? active : [...fits])
      .map((c) => ({ ...c, fit: fits.has(c), choice: { id: crypto.randomUUID(), name: c.item.facts.name, provider: c.item.facts.provider, environment: c.item.facts.environment } }))
      .sort((a, b) => Number(b.fit) - Number(a.fit) || compareNames(a.choice.name, b.choice.name));
    const chosen = listed.slice(0, MAX_CHOICES);
    this.offered.set(offerKey(sender), { ids: new Map(chosen.map((c) => [c.choice.id, { actions: c.actions, itemId: c.item.itemId }])), at: Date.now() });
    const items: FillChoice[] = chosen.map((c) => c.choice);
    const hidden = active.length - fits.size;
    const narrowed = !all && wanted.from && hidden > 0 ? { to: [...wanted.providers].map(providerName).sort(), from: wanted.from, hidden } : null;
    return { locked: false, items, narrowed, total: listed.length };
  }

  /** Only a key this tab was just offered can be filled: the page cannot name any item it likes. */
  async fill(itemId: string, sender: ContentSender): Promise<ContentAnswers['content.fill']> {
    const offer = this.offered.get(offerKey(sender));
    if (!offer || Date.now() - offer.at > OFFER_MS || !offer.ids.has(itemId)) {
      throw new BackgroundError('not-offered', 'that key was not offered for this page; open the list again');
    }
    const offered = offer.ids.get(itemId)!;
    const value = await offered.actions.value(offered.itemId, 'item.fill', { site: sender.url.hostname });
    return { value };
  }

  async unlock(): Promise<ContentAnswers['content.unlock']> {
    await this.ports.openPopup();
    return { opened: true };
  }

  /** Locking forgets what was offered and the index (saves waiting for an unlock stay until they expire). */
  forget(): void {
    this.offered.clear();
    this.index = null;
  }
}
