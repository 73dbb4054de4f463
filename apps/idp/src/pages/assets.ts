import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * Absolute path of `apps/idp/assets`. The compiled module runs from `dist/apps/idp/src/pages/`
 * while the css stays in the source tree, so walk up to the repo root (the directory with
 * package.json that holds the assets) instead of resolving relative to this file.
 */
export function assetPath(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'apps', 'idp', 'assets');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return (cached = candidate);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`apps/idp/assets not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
