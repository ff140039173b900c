/**
 * `npm start`: builds the browser extension (once it exists) and starts the sync server on the embedded
 * database (or on DATABASE_URL if set), then says where it listens and what to do next.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const hasExtension = existsSync(new URL('../extension/entrypoints', import.meta.url));
if (hasExtension) {
  const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  console.log('Extension built in .output/chrome-mv3: load it from chrome://extensions (Developer mode → Load unpacked).');
} else {
  console.log('The browser extension is not built yet (extension/ has no entrypoints); starting the sync server alone.');
}
console.log('The vault core can be tried end to end with `npm run demo`; the API is described in docs/api.md.\n');
await import('../server/main.js');
