import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { adminE2e } from './admin.fixture.js';

/**
 * The RP clients pages: a superadmin registers, edits, rotates and disables relying parties; the
 * secret is shown once; the idp takes the new secret and refuses the old one at its token endpoint.
 */
describe('admin: RP clients pages', () => {
  const { world, noScript, submit, signIn, csrfOf } = adminE2e();
  let boss: Page;
  let clientId = '';
  let firstSecret = '';

  /** The idp's token endpoint, as a client authenticates there: invalid_grant means the secret was taken. */
  async function tokenAnswer(id: string, secret: string): Promise<string> {
    const r = await fetch(`${world().idp.url}/oidc/v1/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'not-a-code',
        redirect_uri: 'https://rp.example.edu.tw/cb',
      }),
    });
    return ((await r.json()) as { error: string }).error;
  }

  async function until(what: string, check: () => Promise<boolean>, ms = 45_000) {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  const audit = (action: string) =>
    world()
      .ctx.app.get(DataSource)
      .query('SELECT actor, target, details FROM audit_events WHERE action = ? ORDER BY id', [
        action,
      ]) as Promise<{ actor: string; target: string; details: Record<string, unknown> | null }[]>;

  it('a superadmin registers a client named <script>alert(1)</script>: shown as text, its secret once, accepted by the idp', async () => {
    const { people, admin } = world();
    boss = await signIn(await noScript(), people.boss);
    await submit(boss, 'a[href="/clients"]');
    assert.match(await boss.locator('p.notice').first().innerText(), /30 秒內/);
    await submit(boss, 'a[href="/clients/new"]');
    await boss.fill('#name', '<script>alert(1)</script>');
    await boss.fill('#redirect_uris', 'https://rp.example.edu.tw/cb\nhttps://rp.example.edu.tw/cb2');
    const response = await submit(boss, 'form.client-form button[type=submit]');
    assert.equal(response?.headers()['cache-control'], 'no-store');
    assert.equal(await boss.locator('h1').innerText(), '請立即保存 Client Secret');
    clientId = await boss.locator('code.client-id').innerText();
    firstSecret = await boss.locator('code.client-secret').innerText();
    assert.match(firstSecret, /^[\w-]{43}$/);
    assert.equal(await boss.locator('.summary dd').first().innerText(), '<script>alert(1)</script>');

    await boss.reload();
    assert.equal(await boss.locator('code.client-secret').count(), 0);
    assert.match(await boss.locator('p.notice').first().innerText(), /只會顯示一次/);
    assert.ok(!(await boss.content()).includes(firstSecret));

    await boss.goto(`${admin.url}/clients`);
    const row = boss.locator('table.clients tbody tr', { hasText: clientId });
    assert.equal(await row.locator('a').innerText(), '<script>alert(1)</script>');
    assert.match(
      await row.innerText(),
      /啟用中[\s\S]*openid profile email offline_access[\s\S]*https:\/\/rp\.example\.edu\.tw\/cb https:\/\/rp\.example\.edu\.tw\/cb2/,
    );
    assert.doesNotMatch(await boss.content(), /<script>alert/);

    assert.equal(await tokenAnswer(clientId, firstSecret), 'invalid_grant');
    assert.equal(await tokenAnswer(clientId, 'a-wrong-secret'), 'invalid_client');
    const created = (await audit('client.create')).find((e) => e.target === `client:${clientId}`);
    assert.equal(created?.actor, 'admin:hd.boss');
    assert.equal(created?.details?.personidApproved, false);
  });

  it('rotating the secret shows the new one once; the idp takes it and refuses the old one at once, not after its cache expires', async () => {
    // The idp caches the registration (30 s) as it checks this secret.
    assert.equal(await tokenAnswer(clientId, firstSecret), 'invalid_grant');
    await submit(boss, `a[href="/clients/${clientId}"]`);
    await submit(boss, 'form.client-rotate button');
    const secret = await boss.locator('code.client-secret').innerText();
    assert.notEqual(secret, firstSecret);
    await boss.reload();
    assert.equal(await boss.locator('code.client-secret').count(), 0);
    await until(
      'the idp to take the rotated secret and refuse the old one',
      async () =>
        (await tokenAnswer(clientId, secret)) === 'invalid_grant' &&
        (await tokenAnswer(clientId, firstSecret)) === 'invalid_client',
      // The portal's change reaches the idp over Redis: no waiting for the cache to expire.
      5_000,
    );
    const rotated = await audit('client.rotate-secret');
    assert.deepEqual(
      rotated.map((e) => [e.actor, e.target]),
      [['admin:hd.boss', `client:${clientId}`]],
    );
    assert.ok(!JSON.stringify(rotated).includes(secret));
  });

  it('personid only with the approval box (recorded in the audit event); http and relative redirect URIs refused', async () => {
    const { admin } = world();
    await boss.goto(`${admin.url}/clients/new`);
    const sneak = await boss.request.post(`${admin.url}/clients`, {
      form: {
        csrf: await csrfOf(boss),
        name: 'Sneaky',
        redirect_uris: 'https://sneak.example.edu.tw/cb',
        scope: 'personid',
      },
      maxRedirects: 0,
    });
    assert.equal(sneak.status(), 400);
    assert.match(await sneak.text(), /身分證字號需另外勾選核准/);

    await boss.fill('#name', 'Bad redirects');
    await boss.fill('#redirect_uris', 'http://rp.example.edu.tw/cb\n/relative');
    await submit(boss, 'form.client-form button[type=submit]');
    assert.match(await boss.locator('.error-summary').innerText(), /https/);

    await boss.fill('#name', '戶政介接');
    await boss.fill('#redirect_uris', 'https://ris.example.gov.tw/cb');
    assert.match(await boss.locator('.personid-approval').innerText(), /完整身分證字號/);
    await boss.check('input[name=approve_personid]');
    await submit(boss, 'form.client-form button[type=submit]');
    const id = await boss.locator('code.client-id').innerText();
    const db = world().ctx.app.get(DataSource);
    const [row] = await db.query('SELECT personid_approved, metadata FROM oidc_clients WHERE client_id = ?', [
      id,
    ]);
    assert.equal(Number(row.personid_approved), 1);
    const names = (await db.query('SELECT name FROM oidc_clients')) as { name: string }[];
    assert.ok(!names.some((n) => n.name === 'Sneaky' || n.name === 'Bad redirects'));
    const created = await audit('client.create');
    assert.deepEqual(
      created.filter((e) => e.target === `client:${id}`).map((e) => e.details?.personidApproved),
      [true],
    );
  });

  it('editing redirect URIs and scopes, then disabling and enabling, each audited', async () => {
    const { admin } = world();
    await boss.goto(`${admin.url}/clients/${clientId}`);
    await boss.fill('#redirect_uris', 'https://rp.example.edu.tw/new-cb');
    await boss.check('input[name=scope][value=eduinfo]');
    await boss.uncheck('input[name=scope][value=email]');
    await submit(boss, 'form.client-form button[type=submit]');
    assert.equal(await boss.locator('p.notice').first().innerText(), '已儲存。');
    assert.equal(await boss.locator('#redirect_uris').inputValue(), 'https://rp.example.edu.tw/new-cb');
    assert.ok(await boss.locator('input[name=scope][value=eduinfo]').isChecked());
    assert.ok(!(await boss.locator('input[name=scope][value=email]').isChecked()));
    await submit(boss, 'form.client-disable button');
    assert.equal(await boss.locator('p.notice').first().innerText(), '已停用。');
    await submit(boss, 'form.client-enable button');
    assert.equal(await boss.locator('p.notice').first().innerText(), '已重新啟用。');
    for (const action of ['client.update', 'client.disable', 'client.enable'])
      assert.equal((await audit(action)).filter((e) => e.actor === 'admin:hd.boss').length, 1, action);
    const [update] = await audit('client.update');
    assert.deepEqual((update?.details?.after as { redirect_uris: string[] }).redirect_uris, [
      'https://rp.example.edu.tw/new-cb',
    ]);
  });

  it('a form post without its CSRF field is refused and changes nothing', async () => {
    const { admin } = world();
    const before = await world()
      .ctx.app.get(DataSource)
      .query('SELECT secret_cipher FROM oidc_clients WHERE client_id = ?', [clientId]);
    const r = await boss.request.post(`${admin.url}/clients/${clientId}/rotate`, {
      form: {},
      maxRedirects: 0,
    });
    assert.equal(r.status(), 403);
    const after = await world()
      .ctx.app.get(DataSource)
      .query('SELECT secret_cipher FROM oidc_clients WHERE client_id = ?', [clientId]);
    assert.deepEqual(after, before);
  });

  it('other roles get 404 for every clients page, by URL and by form post, and see no link', async () => {
    const { people, admin } = world();
    for (const who of [people.agent, people.taipei]) {
      const page = await signIn(await noScript(), who);
      assert.equal(await page.locator('a[href="/clients"]').count(), 0);
      for (const path of [
        '/clients',
        '/clients/new',
        `/clients/${clientId}`,
        `/clients/${clientId}/secret`,
      ]) {
        const r = await page.goto(`${admin.url}${path}`);
        assert.equal(r?.status(), 404, path);
      }
      await page.goto(`${admin.url}/`);
      const csrf = await csrfOf(page);
      for (const path of [
        '/clients',
        `/clients/${clientId}/rotate`,
        `/clients/${clientId}/disable`,
        `/clients/${clientId}/edit`,
      ]) {
        const r = await page.request.post(`${admin.url}${path}`, {
          form: { csrf, name: 'x', redirect_uris: 'https://x.example.edu.tw/cb' },
          maxRedirects: 0,
        });
        assert.equal(r.status(), 404, path);
      }
    }
    const [row] = await world()
      .ctx.app.get(DataSource)
      .query('SELECT enabled FROM oidc_clients WHERE client_id = ?', [clientId]);
    assert.equal(Number(row.enabled), 1);
  });
});
