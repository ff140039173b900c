/** The one-time token of a kept selection: random, URL-safe (it is in the tab page's address; the text never is). Apart from page-protocol.ts (zod), for the popup's first chunk. */
export const SELECTION_TOKEN = /^[A-Za-z0-9_-]{22,64}$/;
