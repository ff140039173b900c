/**
 * The CLI's exit codes (docs/cli.md). `integrity`: something the server sent failed a check (a forged,
 * replayed or missing record); the command still did its work with everything else.
 */
export const EXIT = { failure: 1, usage: 2, auth: 3, notFound: 4, offline: 5, conflict: 6, integrity: 7 } as const;
