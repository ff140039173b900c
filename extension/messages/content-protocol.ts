/**
 * The narrow protocol between the content script (on provider dashboards) and the background. The
 * content script is the least trusted of the extension's parts: it shares a process with the page, so
 * it can ask only these questions, and the answers hold no more than a prompt needs. The page's host is
 * never taken from a message: the background reads it from the sender.
 */
import { z } from 'zod';

const secret = z.string().min(8).max(4_096);
const text = (max: number) => z.string().trim().max(max);

export const contentRequestSchema = z.discriminatedUnion('type', [
  /** Which of these values the vault already holds (compared as keyed hashes in the background). */
  z.strictObject({ type: z.literal('content.check'), values: z.array(secret).min(1).max(20) }),
  /** Save a key the page showed; `secret` is the second half of a pair (an AWS secret for its key id). */
  z.strictObject({
    type: z.literal('content.save'),
    ref: z.string().min(1).max(64),
    value: secret,
    secret: secret.optional(),
    name: z.string().trim().min(1, 'give the key a name').max(200),
    provider: text(100),
    kind: text(100),
  }),
  /**
   * Keys that could go into the field the person is filling; `hint` is the field's label. The answer
   * holds the keys of the provider the label or the site names, unless `all` asks for every key.
   */
  z.strictObject({ type: z.literal('content.matches'), hint: text(200), all: z.boolean().optional() }),
  /** The value for a field, after a click on one of the keys `content.matches` offered to this tab. */
  /** `itemId`: the token `content.matches` gave the offer (never an item's own id). */
  z.strictObject({ type: z.literal('content.fill'), itemId: z.string().min(1).max(200) }),
  /** Opens the popup so the person can unlock. */
  z.strictObject({ type: z.literal('content.unlock') }),
  /** Asked once at start: whether this page (and, in a frame, the page around it) is one KeyHaven watches. */
  z.strictObject({ type: z.literal('content.hello') }),
]);
export type ContentRequest = z.input<typeof contentRequestSchema>;

export interface FillChoice {
  id: string;
  name: string;
  provider: string;
  environment: string;
}

/** Why a fill menu lists only some keys, and how many more "Show all keys" would add. */
export interface FillNarrowing {
  /** Display names of the providers the field or the site named. */
  to: string[];
  from: 'label' | 'site';
  hidden: number;
}

export type SaveResult = { status: 'saved'; name: string } | { status: 'known' } | { status: 'locked' };

export interface ContentAnswers {
  'content.check': { locked: true } | { locked: false; known: boolean[] };
  'content.save': SaveResult;
  /** `total`: how many keys the answer would list without its cap (`items` holds at most 50). */
  'content.matches': { locked: true } | { locked: false; items: FillChoice[]; narrowed: FillNarrowing | null; total: number };
  'content.fill': { value: string };
  'content.unlock': { opened: true };
  'content.hello': { watching: true };
}

export type ContentAnswer<T extends ContentRequest['type']> = { ok: true; data: ContentAnswers[T] } | { ok: false; error: { code: string; message: string } };

/** Background → content script: a save that waited for the unlock has finished. */
export interface SaveFinished {
  type: 'content.save-finished';
  ref: string;
  result: SaveResult;
}
