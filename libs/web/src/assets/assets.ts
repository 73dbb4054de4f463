import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';
import type { ScriptAsset } from '../pages/page-policy.js';

/** Where every app serves its static files; the layout's stylesheets are `/assets/{app,forms,pages}.css`. */
export const ASSETS_PATH = '/assets';

/**
 * Absolute path of `relative` (e.g. `libs/web/assets`) in the repository. The compiled module runs
 * from `dist/libs/web/src/assets/` while the files stay in the source tree, so walk up to the
 * directory with package.json that holds them instead of resolving relative to this file.
 */
/** `relative` (a path from the repository root) found above the compiled module, for files shipped beside dist/. */
export function findInRepo(relative: string): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, relative);
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** A directory of files served under /assets. */
export class AssetDir {
  constructor(readonly path: string) {}

  /**
   * A script of this directory as a page declares it (see `pagePolicy`): its URL and the SRI hash
   * of its content, read once when the page module loads, so the browser runs exactly that file.
   */
  script(file: string): ScriptAsset {
    if (!/^[\w-][\w.-]*\.js$/.test(file))
      throw new Error(`assets: ${JSON.stringify(file)} is not a script name`);
    const digest = createHash('sha384')
      .update(readFileSync(join(this.path, file)))
      .digest('base64');
    return { src: `${ASSETS_PATH}/${file}`, integrity: `sha384-${digest}` };
  }
}

let kit: AssetDir | undefined;

/** The kit's own files (`libs/web/assets`: the stylesheet of the layout). */
export function webAssets(): AssetDir {
  if (kit) return kit;
  const path = findInRepo(join('libs', 'web', 'assets'));
  if (!path) throw new Error(`libs/web/assets not found above ${fileURLToPath(import.meta.url)}`);
  return (kit = new AssetDir(path));
}

/** An app's own files (`apps/<app>/assets`), e.g. the scripts its pages declare; null when it has none. */
export function appAssets(app: string): AssetDir | null {
  const path = findInRepo(join('apps', app, 'assets'));
  return path ? new AssetDir(path) : null;
}

/**
 * Middleware serving the kit's files, then the app's, under /assets (a kit file cannot be
 * shadowed by an app's). Cached for an hour; no directory listings.
 */
export function assetHandlers(app: string): RequestHandler[] {
  return [webAssets(), appAssets(app)]
    .filter((d): d is AssetDir => d !== null)
    .map((d) => express.static(d.path, { maxAge: '1h', index: false }));
}
