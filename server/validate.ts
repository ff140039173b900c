/** Every body, parameter and query value goes through a zod schema; failures are 400s that say where. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from './errors.js';

export function validate<S extends z.ZodType>(schema: S, input: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue && issue.path.length > 0 ? `.${issue.path.join('.')}` : '';
    throw new ApiError(400, 'bad-request', `${where}${path}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, 'bad-request', 'the request body is not valid JSON');
  }
  return validate(schema, body, 'body');
}

export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return validate(schema, c.req.query(), 'query');
}

export function readParam<S extends z.ZodType>(c: Context, name: string, schema: S): z.infer<S> {
  const result = schema.safeParse(c.req.param(name));
  // A malformed id in a path names nothing that exists: answer as for an unknown resource.
  if (!result.success) throw new ApiError(404, 'not-found', `no such ${name}`);
  return result.data;
}
