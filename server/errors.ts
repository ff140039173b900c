/** The server's one error class: an HTTP status, a code from the protocol's list, and a plain message. */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiErrorCode } from '../shared/protocol/api.js';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    /** Response headers that belong to this answer (Retry-After on a 503 or a 429). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what = 'not found') => new ApiError(404, 'not-found', what);

/** 507 Insufficient Storage: the account has reached a quota the server's operator set (docs/operations.md). */
export const quotaExceeded = (what: string) => new ApiError(507, 'quota-exceeded', what);

export function errorBody(error: ApiError) {
  return { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
}
