import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { migrate } from '#database';
import { appEnv, dropDatabase, freshDatabaseUrl, startApp, type RunningApp } from '#test-support';

const STRICT_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** A GET with the path sent byte for byte: fetch() and http.request would percent-encode it. */
function rawGet(url: string, path: string, headers: Record<string, string> = {}) {
  const { hostname, port } = new URL(url);
  return new Promise<{ status: number; headers: string; body: string }>((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => (data += d));
    socket.on('error', reject);
    socket.on('end', () => {
      const split = data.indexOf('\r\n\r\n');
      const head = data.slice(0, split);
      resolve({
        status: Number(head.split(' ')[1]),
        headers: head.toLowerCase(),
        body: data.slice(split + 4),
      });
    });
    const lines = Object.entries({ host: `${hostname}:${port}`, connection: 'close', ...headers });
    socket.write(`GET ${path} HTTP/1.1\r\n${lines.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
  });
}

describe('admin: pages through the web kit', () => {
  const db = freshDatabaseUrl();
  let admin: RunningApp;
  before(async () => {
    await migrate(db);
    admin = await startApp('admin', await appEnv(db));
  });
  after(async () => {
    await admin?.stop('SIGKILL');
    await dropDatabase(db);
  });

  it('the signed-out landing page: zh-TW first, the layout with its locale switch, strict CSP, never cached', async () => {
    const r = await fetch(`${admin.url}/`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /^text\/html/);
    assert.equal(r.headers.get('content-security-policy'), STRICT_CSP);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    const page = await r.text();
    assert.match(page, /^<!doctype html>/);
    assert.match(page, /<html lang="zh-Hant-TW">/);
    assert.match(page, /<h1 class="page-title">教育雲端帳號客服後台<\/h1>/);
    assert.match(page, /客服與管理人員請以教育雲端帳號登入/);
    assert.match(page, /<a class="button" href="\/sign-in">登入客服後台<\/a>/);
    assert.match(page, /href="\/\?ui_locales=en"/);
    assert.match(page, /<link rel="stylesheet" href="\/assets\/app.css"/);
    assert.doesNotMatch(page, /<script/i);
    const css = await fetch(`${admin.url}/assets/app.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type')!, /^text\/css/);
  });

  it('English through ui_locales or Accept-Language', async () => {
    for (const [path, headers] of [
      ['/?ui_locales=en', {}],
      ['/', { 'accept-language': 'en-US,en;q=0.9' }],
    ] as const) {
      const page = await (await fetch(`${admin.url}${path}`, { headers })).text();
      assert.match(page, /<html lang="en">/);
      assert.match(page, /Sign in to the helpdesk portal/);
      assert.match(page, /href="\/\?ui_locales=zh-TW"/);
    }
  });

  it('an unknown address is named on a page with everything in it escaped; JSON clients get JSON', async () => {
    const hostile = `/<script>alert(1)</script>"'><img/src=x/onerror=alert(2)>`;
    const r = await rawGet(admin.url, hostile, { accept: 'text/html' });
    assert.equal(r.status, 404);
    assert.ok(r.headers.includes(`\r\ncontent-security-policy: ${STRICT_CSP.toLowerCase()}\r\n`), r.headers);
    assert.ok(r.headers.includes('\r\ncache-control: no-store\r\n'), r.headers);
    assert.match(r.body, /<h1 class="page-title">找不到此頁面<\/h1>/);
    assert.ok(
      r.body.includes(
        '網址 /&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img/src=x/onerror=alert(2)&gt; 不存在。',
      ),
      r.body,
    );
    assert.doesNotMatch(r.body, /<script|<img/i);

    const json = await fetch(`${admin.url}/nothing-here`, { headers: { accept: 'application/json' } });
    assert.equal(json.status, 404);
    assert.deepEqual(await json.json(), { error: 'not_found' });
  });
});
