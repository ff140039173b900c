/** Ids as docs/crypto.md §1 defines them: 1–200 of [A-Za-z0-9_.-] (no ':', which separates AAD parts; no control characters). */
import { z } from 'zod';

export const idSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,200}$/, 'must be 1-200 characters of [A-Za-z0-9_.-]');
