import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import type { Browser } from 'playwright-core';
import { AssetDir, html, layout, pagePolicy, raw, renderPage, sendPage, type PagePolicy } from '#web';
import { launchBrowser } from '#test-support';

/**
 * The per-page policy in a real browser: what the unit spec asserts about headers and tags is
 * what Chromium enforces. A declared script runs (nonce + SRI); the same tag on a page that
 * declared nothing, an inline script, a file changed after it was declared, and a fetch to a
 * source the page did not declare do not.
 */

// Records what ran, and tries every connect target named on the page.
const PROBE = `document.body.dataset.ran = 'file';
for (const url of document.querySelector('[data-targets]').dataset.targets.split(' '))
  fetch(url, { mode: 'no-cors' }).then(
    () => (document.body.dataset['p' + new URL(url).port] = 'reached'),
    () => (document.body.dataset['p' + new URL(url).port] = 'blocked'),
  );
`;

function listen(app: express.Express): Promise<{ url: string; close: () => void }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => server.close(),
      }),
    );
  });
}

describe('per-page CSP in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'web-policy-'));
  const closers: (() => void)[] = [];
  let browser: Browser;
  let site: string;
  let declared: string; // a connect target the scripted page declares
  let undeclared: string; // one it does not

  before(async () => {
    writeFileSync(join(dir, 'probe.js'), PROBE);
    writeFileSync(join(dir, 'changed.js'), PROBE);
    const assets = new AssetDir(dir);
    const probe = assets.script('probe.js');
    const changed = assets.script('changed.js');
    // Changed on disk after the page declared it (a tampered or half-deployed file).
    writeFileSync(join(dir, 'changed.js'), PROBE + '\n// changed\n');

    for (const target of [0, 1]) {
      const app = express();
      app.get('/', (_req, res) => res.send('ok'));
      const s = await listen(app);
      closers.push(s.close);
      if (target === 0) declared = s.url;
      else undeclared = s.url;
    }

    const app = express();
    app.use('/assets', express.static(dir));
    const page = (policy: PagePolicy, extraHead = '') =>
      renderPage(policy, (scripts) =>
        layout({
          locale: 'en',
          title: 'probe',
          body: html`<p data-targets="${declared} ${undeclared}">probe</p>
            <script>
              document.body.dataset.inline = 'ran';
            </script>`,
          scripts: html`${scripts}${raw(extraHead)}`,
          switchLocaleHref: '/',
        }),
      );
    const scripted = pagePolicy({ scripts: [probe], connect: [declared] });
    app.get('/scripted', (_req, res) => sendPage(res, 200, page(scripted)));
    // The same script tag, written into a page that declared nothing.
    app.get('/strict', (_req, res) =>
      sendPage(
        res,
        200,
        page(pagePolicy(), `<script src="${probe.src}" integrity="${probe.integrity}"></script>`),
      ),
    );
    app.get('/changed', (_req, res) => sendPage(res, 200, page(pagePolicy({ scripts: [changed] }))));
    const s = await listen(app);
    closers.push(s.close);
    site = s.url;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    for (const close of closers) close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The body's data attributes once the page has settled. */
  async function ranOn(path: string): Promise<Record<string, string>> {
    const tab = await browser.newPage();
    try {
      await tab.goto(`${site}${path}`);
      await tab.waitForLoadState('networkidle');
      // The probe's fetches settle after load.
      await tab.waitForTimeout(300);
      return (await tab.evaluate('({ ...document.body.dataset })')) as Record<string, string>;
    } finally {
      await tab.close();
    }
  }

  it('a page that declares a script runs it, and reaches only the connect source it declared', async () => {
    const ran = await ranOn('/scripted');
    assert.equal(ran.ran, 'file');
    assert.equal(ran[`p${new URL(declared).port}`], 'reached');
    assert.equal(ran[`p${new URL(undeclared).port}`], 'blocked');
    assert.equal(ran.inline, undefined, 'an inline script without the nonce does not run');
  });

  it('a page that declares nothing runs no script, not even the same file with its hash', async () => {
    const ran = await ranOn('/strict');
    assert.deepEqual(ran, {});
  });

  it('a declared file that changed after it was declared does not run', async () => {
    const ran = await ranOn('/changed');
    assert.deepEqual(ran, {});
  });
});
