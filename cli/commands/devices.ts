/** devices, devices rotate-key and devices revoke (what they do: cli/actions/devices.ts). */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const deviceActions = () => import('../actions/devices.js');

export function registerDeviceCommands(program: Command): void {
  const devices = program.command('devices').description('list this account’s devices').option('--json', 'machine-readable output');
  devices.action(lazy(deviceActions, 'list'));
  devices
    .command('rotate-key')
    .description("give this device a new signing key; the old one verifies only what it signed before (a killed run finishes at the next command)")
    .option('--json', 'machine-readable output')
    .action(lazy(deviceActions, 'rotateKey'));
  devices
    .command('revoke <deviceId>')
    .description('revoke a device: its sessions end and its audit entries are refused from now on')
    .option('--json', 'machine-readable output')
    .action(lazy(deviceActions, 'revoke'));
}
