/**
 * The one message protocol between the popup and the background worker: every request is a member of
 * one zod union, validated where it is received; every answer is `{ok: true, data}` or
 * `{ok: false, error: {code, message}}`. The popup never holds a key: it asks, and the background
 * answers with what the screen needs (values only on an explicit reveal, which is audited).
 */
import { z } from 'zod';

export const requestSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('state') }),
  z.strictObject({ type: z.literal('create-local'), password: z.string().min(1).max(1024) }),
  z.strictObject({ type: z.literal('unlock'), password: z.string().min(1).max(1024) }),
  z.strictObject({ type: z.literal('lock') }),
  z.strictObject({
    type: z.literal('signup'),
    server: z.url({ protocol: /^https?$/ }),
    email: z.email().max(254),
    password: z.string().min(1).max(1024),
  }),
  z.strictObject({ type: z.literal('login'), server: z.url({ protocol: /^https?$/ }), email: z.email().max(254), password: z.string().min(1).max(1024) }),
  z.strictObject({ type: z.literal('list') }),
  z.strictObject({
    type: z.literal('add'),
    name: z.string().trim().min(1).max(200),
    value: z.string().min(1).max(65_536),
    provider: z.string().max(100).default(''),
    environment: z.string().max(50).default(''),
  }),
  z.strictObject({ type: z.literal('reveal'), itemId: z.string().min(1).max(200) }),
]);
export type Request = z.input<typeof requestSchema>;

export interface ItemSummary {
  id: string;
  name: string;
  provider: string;
  environment: string;
  status: 'active' | 'revoked';
  masked: string;
  health: string[];
}

export type Phase = 'new' | 'locked' | 'unlocked';

export type SyncState = { state: 'local' | 'syncing' | 'synced' } | { state: 'offline' | 'error'; message: string };

export interface StateAnswer {
  phase: Phase;
  /** Local-only until an account on a server exists. */
  server: string | null;
  pending: number;
  sync: SyncState;
  /** Changes whenever what the popup shows may have changed (a sync brought something). */
  revision: number;
}

/** What each request answers with, so callers get a typed result. */
export interface Answers {
  state: StateAnswer;
  'create-local': StateAnswer;
  unlock: StateAnswer;
  lock: StateAnswer;
  signup: StateAnswer;
  login: StateAnswer;
  list: { items: ItemSummary[]; unreadable: number };
  add: { item: ItemSummary };
  reveal: { value: string };
}

export type Answer<T extends Request['type']> = { ok: true; data: Answers[T] } | { ok: false; error: { code: string; message: string } };
