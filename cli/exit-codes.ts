/**
 * The CLI's exit codes (docs/cli.md). `integrity`: something the server sent failed a check (a forged,
 * replayed or missing record); the command still did its work with everything else. `keysFound`:
 * `keyhaven scan` found keys (distinct from a scan that failed, 1).
 */
export const EXIT = { failure: 1, usage: 2, auth: 3, notFound: 4, offline: 5, conflict: 6, integrity: 7, keysFound: 8 } as const;
