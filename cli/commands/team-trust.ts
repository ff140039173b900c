/** vault trust: take a vault's member list as the server's history gives it, after comparing every fingerprint (what it does: cli/actions/team-trust.ts). */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const teamTrust = () => import('../actions/team-trust.js');

export function registerTrustCommand(vaultCmd: Command): void {
  vaultCmd
    .command('trust <vault>')
    .description("after a members warning: show the server's member list with every fingerprint, and once you compared them with each person, trust it on this device")
    .option('--yes', 'do not ask (you compared every fingerprint already)')
    .option('--json', 'machine-readable output')
    .action(lazy(teamTrust, 'trust'));
}
