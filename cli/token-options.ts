/** The options with which `run` and `get` read as an access token instead of the account (cli/access-token.ts). */
export interface TokenOptions {
  /** `--token [source]`: true or "env" (KEYHAVEN_TOKEN), "-" (stdin). */
  token?: string | boolean;
  tokenFile?: string;
  server?: string;
}

export const tokenOptionHelp = {
  token: 'read with an access token instead of the account: from KEYHAVEN_TOKEN, or stdin with `--token -` (never on the command line)',
  tokenFile: 'read the access token from this file',
  server: 'the sync server for --token (default: KEYHAVEN_SERVER, then this home’s server)',
};
