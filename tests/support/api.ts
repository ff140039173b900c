/**
 * A thin HTTP helper for server tests: real requests over loopback, returning status and parsed body,
 * so tests can assert exactly what a client sees. (The typed client the apps use belongs to the sync
 * engine; these tests check the wire itself.)
 */
// Test-only: response bodies are asserted field by field, so they are left loosely typed here rather
// than cast at every call site. Product code validates every response with the protocol's schemas.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: leave the text for the assertion to show
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}
