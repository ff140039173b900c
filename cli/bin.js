#!/usr/bin/env node
// The `keyhaven` command. The CLI is written in TypeScript and run through tsx's loader, so a checkout
// works with `npx keyhaven …` right after `npm install`, with no build step.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
