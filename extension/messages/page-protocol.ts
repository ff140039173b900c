/**
 * The part of the message protocol about the browser around the vault (protocol.ts joins it into the one
 * union): the text a person chose "Save selection to KeyHaven" on, answered from what the background
 * learnt from the browser, never from a web page. Which site the popup was opened over comes with its
 * first list (list-protocol.ts `tab`).
 */
import { z } from 'zod';

import { SELECTION_TOKEN } from './selection-token.js';

export { SELECTION_TOKEN };

export const pageRequests = [
  /** The kept selection, once: the add form takes it, and it is gone from the background. */
  z.strictObject({ type: z.literal('take-selection'), token: z.string().regex(SELECTION_TOKEN, 'not a selection token') }),
] as const;

/** Text selected on a page, handed to the add form. */
export interface TakenSelection {
  value: string;
  /** The page's address without query or fragment (those sometimes carry tokens themselves); '' if not a web page. */
  url: string;
}

export interface PageAnswers {
  'take-selection': TakenSelection;
}
