import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { adminE2e } from './admin.fixture.js';

/**
 * The county providers pages: a superadmin adds, edits (secret write-only, national-ID trust
 * explicit) and disables a county through the counties:* use cases; other roles get 404.
 */
describe('admin: county providers pages', () => {
  const { world, noScript, submit, signIn, csrfOf } = adminE2e();
  const db = () => world().ctx.app.get(DataSource);
  const row = async () =>
    (
      (await db().query(
        'SELECT name, issuer, client_id, client_secret_cipher, trust_national_id, enabled FROM county_providers WHERE id = ?',
        ['tpe-test'],
      )) as Record<string, unknown>[]
    )[0];
  const audit = async (action: string) =>
    (await db().query('SELECT actor, details FROM audit_events WHERE action = ? ORDER BY id', [action])) as {
      actor: string;
      details: Record<string, unknown>;
    }[];

  it('a superadmin adds a county with its secret (never shown back), edits it, trusts its national IDs only when ticked, and disables it', async () => {
    const { people, admin } = world();
    const page = await signIn(await noScript(), people.boss);
    await submit(page, 'a[href="/counties"]');
    await submit(page, 'a[href="/counties/new"]');
    await page.fill('#id', 'tpe-test');
    await page.fill('#name', '臺北市');
    await page.fill('#issuer', 'https://ldap.tp.edu.tw');
    await page.fill('#client_id', 'edu-sso-test');
    await page.fill('#client_secret', 'county-secret-one');
    assert.match(await page.locator('.trust-approval').innerText(), /已驗證/);
    await submit(page, 'form.county-form button[type=submit]');
    assert.equal(await page.locator('p.notice').first().innerText(), '已儲存。');
    assert.ok(!(await page.content()).includes('county-secret-one'));
    assert.equal(await page.locator('#client_secret').inputValue(), '');
    let r = await row();
    assert.equal(r?.client_id, 'edu-sso-test');
    assert.equal(Number(r?.trust_national_id), 0);
    assert.ok(!String(r?.client_secret_cipher).includes('county-secret-one'));
    const cipher = r?.client_secret_cipher;

    // An edit without a secret keeps it; trusting national IDs takes the box.
    await page.fill('#client_id', 'edu-sso-test-2');
    await page.check('input[name=trust_national_id]');
    await submit(page, 'form.county-form button[type=submit]');
    r = await row();
    assert.equal(r?.client_id, 'edu-sso-test-2');
    assert.equal(Number(r?.trust_national_id), 1);
    assert.equal(r?.client_secret_cipher, cipher);
    await page.fill('#client_secret', 'county-secret-two');
    await submit(page, 'form.county-form button[type=submit]');
    assert.notEqual((await row())?.client_secret_cipher, cipher);

    await page.fill('#issuer', 'not a url');
    const bad = await submit(page, 'form.county-form button[type=submit]');
    assert.equal(bad?.status(), 400);
    assert.match(await page.locator('.error-summary').innerText(), /issuer/);

    await page.goto(`${admin.url}/counties/tpe-test`);
    await submit(page, 'form.county-disable button');
    assert.equal(await page.locator('p.notice').first().innerText(), '已停用。');
    assert.equal(Number((await row())?.enabled), 0);
    await page.goto(`${admin.url}/counties`);
    assert.match(
      await page.locator('table.counties').innerText(),
      /臺北市\s+tpe-test\s+https:\/\/ldap\.tp\.edu\.tw\s+edu-sso-test-2\s+是\s+已停用/,
    );

    const [added] = await audit('county.add');
    assert.equal(added?.actor, 'admin:hd.boss');
    assert.equal(added?.details.trustNationalId, false);
    // The form posts every field; each update names only what it changed (the secret by name only).
    const updates = await audit('county.update');
    assert.equal(updates.length, 2, 'the refused edit is not recorded as an update');
    assert.deepEqual(updates[0]?.details.changed, ['clientId', 'trustNationalId']);
    assert.deepEqual(updates[1]?.details.changed, ['clientSecret']);
    assert.equal((await audit('county.disable')).length, 1);
    assert.ok(!JSON.stringify(await audit('county.update')).includes('county-secret'));
  });

  it('a form post without its CSRF field is refused', async () => {
    const { people, admin } = world();
    const page = await signIn(await noScript(), people.boss);
    await page.goto(`${admin.url}/counties/tpe-test`);
    const r = await page.request.post(`${admin.url}/counties/tpe-test/edit`, {
      form: { name: '臺北市', issuer: 'https://evil.example', client_id: 'x', enabled: 'yes' },
      maxRedirects: 0,
    });
    assert.equal(r.status(), 403);
    assert.equal((await row())?.issuer, 'https://ldap.tp.edu.tw');
  });

  it('other roles get 404 for the counties pages, by URL and by form post, and see no link', async () => {
    const { people, admin } = world();
    const page = await signIn(await noScript(), people.agent);
    assert.equal(await page.locator('a[href="/counties"]').count(), 0);
    for (const path of ['/counties', '/counties/new', '/counties/tpe-test'])
      assert.equal((await page.goto(`${admin.url}${path}`))?.status(), 404, path);
    await page.goto(`${admin.url}/`);
    const csrf = await csrfOf(page);
    for (const path of ['/counties', '/counties/tpe-test/edit', '/counties/tpe-test/disable']) {
      const r = await page.request.post(`${admin.url}${path}`, {
        form: {
          csrf,
          id: 'evil',
          name: '臺北市',
          issuer: 'https://evil.example',
          client_id: 'x',
          client_secret: 'y',
        },
        maxRedirects: 0,
      });
      assert.equal(r.status(), 404, path);
    }
    assert.equal((await row())?.issuer, 'https://ldap.tp.edu.tw');
  });
});
