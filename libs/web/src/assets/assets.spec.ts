import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AssetDir, appAssets, webAssets } from './assets.js';

describe('assets', () => {
  it('webAssets() finds libs/web/assets with app.css from the compiled module', () => {
    const dir = webAssets().path;
    assert.ok(dir.endsWith(join('libs', 'web', 'assets')));
    assert.ok(existsSync(join(dir, 'app.css')));
  });

  it('an app without an assets folder has none', () => {
    assert.equal(appAssets('no-such-app'), null);
  });

  describe('a script as a page declares it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'web-assets-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const body = 'document.title = "x";\n';
    writeFileSync(join(dir, 'sign.js'), body);

    it('is served under /assets and pinned by the SRI hash of its content', () => {
      const expected = createHash('sha384').update(body).digest('base64');
      assert.deepEqual(new AssetDir(dir).script('sign.js'), {
        src: '/assets/sign.js',
        integrity: `sha384-${expected}`,
      });
    });

    it('must be a plain .js file name of the folder', () => {
      for (const bad of ['../sign.js', 'sub/sign.js', '.hidden.js', 'sign.css', 'sign.js?x', ''])
        assert.throws(() => new AssetDir(dir).script(bad), /not a script name/, bad);
      assert.throws(() => new AssetDir(dir).script('missing.js'), /ENOENT/);
    });
  });
});
