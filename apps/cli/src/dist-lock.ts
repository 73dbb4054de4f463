import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `npm start` runs from dist/, which `npm run build` (and so `npm test`) deletes and rebuilds.
 * A marker with our pid tells scripts/clean-dist.mjs to refuse while we run; removed on exit.
 */
export function markDistInUse(): void {
  const marker = fileURLToPath(new URL('../../../.in-use-by-npm-start', import.meta.url)); // dist/
  writeFileSync(marker, String(process.pid));
  process.on('exit', () => rmSync(marker, { force: true }));
}
