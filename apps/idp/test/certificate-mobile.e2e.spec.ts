import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { client, OidcHarness, STUDENT, type RegisteredClient } from './oidc-harness.js';
import { StandIns } from './stand-ins.js';

const LINK = '行動自然人APP登入';
const PARAMS = { ui_locales: 'zh-TW', claims: JSON.stringify({ id_token: { amr: null, acr: null } }) };

describe('行動自然人APP登入: TW FidO push and I-SCAN QR, in Chromium, through the stand-ins', () => {
  const h = new OidcHarness();
  const standIns = new StandIns();
  let config: client.Configuration;
  let rp: RegisteredClient;

  before(async () => {
    await standIns.start();
    await h.start(standIns.idpEnv({ FIDO_TIME_LIMIT_SECONDS: '60' }));
    rp = await h.registerClient({ name: '甲系統', firstParty: true });
    config = await h.rpConfig(rp);
  });
  after(async () => {
    await h.stop();
    await standIns.stop();
  });

  async function lastAudit() {
    const [row] = (await h.ctx.app
      .get(DataSource)
      .query(
        "SELECT result, target, details FROM audit_events WHERE action = 'login.mobile_certificate' ORDER BY id DESC LIMIT 1",
      )) as { result: string; target: string | null; details: unknown }[];
    const details = typeof row!.details === 'string' ? JSON.parse(row!.details) : row!.details;
    return { ...row!, details: details as Record<string, unknown> };
  }

  /** Login page → 行動自然人APP登入 → the ID → the waiting page (push sent, QR shown). */
  async function waiting(context: BrowserContext, id = STUDENT.nationalId) {
    const page = await context.newPage();
    const a = await h.authorizationUrl(config, PARAMS);
    await page.goto(a.url.toString());
    await page.getByRole('button', { name: LINK }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/method/moica-app/id'));
    await page.fill('#nationalId', id);
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.pathname.endsWith('/method/moica-app/wait'));
    return { page, a };
  }

  async function signedIn(page: Page, a: Awaited<ReturnType<typeof waiting>>['a']) {
    await page.waitForURL((u) => u.href.startsWith(h.rp.url), { timeout: 30_000 });
    const tokens = await client.authorizationCodeGrant(config, new URL(page.url()), {
      pkceCodeVerifier: a.verifier,
      expectedState: a.state,
      expectedNonce: a.nonce,
    });
    return tokens.claims()!;
  }

  async function refusal(page: Page): Promise<string> {
    await page.waitForURL((u) => u.pathname.endsWith('/method/moica-app/id'), { timeout: 30_000 });
    return page.locator('[role=alert]').innerText();
  }

  it('without JavaScript: the waiting page shows the QR code and refreshes itself; approved by fingerprint', async () => {
    const context = await h.browser.newContext({ javaScriptEnabled: false });
    const { page, a } = await waiting(context);
    assert.match(await page.locator('[role=status]').first().innerText(), /已推播/);
    const qr = await page.locator('.method-image img').getAttribute('src');
    assert.match(qr!, /^data:image\/png;base64,/);
    assert.match(await page.content(), /http-equiv="refresh" content="4"/);
    // The push and the I-SCAN ticket are both pending at the service.
    const pending = await standIns.pending(STUDENT.nationalId);
    assert.equal(pending.length, 2);
    assert.equal(
      (await standIns.phone('approve', { id_num: STUDENT.nationalId, verify_method: 'fpt' })).decided,
      2,
    );
    const claims = await signedIn(page, a);
    assert.deepEqual([...(claims.amr as string[])].sort(), ['fpt', 'mfa', 'swk']);
    assert.equal(claims.acr, 'urn:edu-sso:acr:mfa');
    const audit = await lastAudit();
    assert.equal(audit.result, 'success');
    await context.close();
  });

  it('with JavaScript: quiet polling (no reloads); approved by PIN → amr swk + user', async () => {
    const context = await h.browser.newContext();
    const { page, a } = await waiting(context);
    let reloads = 0;
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame() && f.url().endsWith('/wait')) reloads++;
    });
    await new Promise((r) => setTimeout(r, 5000));
    assert.equal(reloads, 0, 'the script polls without reloading the page');
    await standIns.phone('approve', { id_num: STUDENT.nationalId, verify_method: 'pin' });
    const claims = await signedIn(page, a);
    assert.deepEqual([...(claims.amr as string[])].sort(), ['mfa', 'swk', 'user']);
    assert.equal(claims.acr, 'urn:edu-sso:acr:mfa');
    await context.close();
  });

  const refusals: [
    string,
    Parameters<StandIns['phone']>[0],
    Parameters<StandIns['phone']>[1],
    RegExp,
    string,
  ][] = [
    ['refused on the phone', 'refuse', { id_num: STUDENT.nationalId }, /拒絕/, 'refused'],
    ['timed out', 'expire', { id_num: STUDENT.nationalId }, /逾時/, 'expired'],
    [
      'with a bad idp_checksum',
      'approve',
      { id_num: STUDENT.nationalId, tamper: 'idp_checksum' },
      /無法驗證/,
      'bad_checksum',
    ],
    [
      'with the hashed_id_num of another ID',
      'approve',
      { id_num: STUDENT.nationalId, tamper: 'hashed_id_num' },
      /身分與您輸入的身分證字號不符/,
      'id_mismatch',
    ],
  ];
  for (const [what, decision, body, message, reason] of refusals) {
    it(`a login ${what} is refused with a clear message and an audit event`, async () => {
      const context = await h.browser.newContext();
      const { page } = await waiting(context);
      await standIns.phone(decision, body);
      assert.match(await refusal(page), message);
      const audit = await lastAudit();
      assert.equal(audit.result, 'failure');
      assert.equal(audit.details.reason, reason);
      await context.close();
    });
  }

  it('a TW FidO that is down gives a clear page; the other ways in stay on the login page', async () => {
    await standIns.stop();
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const a = await h.authorizationUrl(config, PARAMS);
    await page.goto(a.url.toString());
    await page.getByRole('button', { name: LINK }).click();
    await page.fill('#nationalId', STUDENT.nationalId);
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.pathname.endsWith('/method/moica-app/id'));
    assert.match(await page.locator('[role=alert]').innerText(), /暫時無法使用/);
    await page
      .getByRole('link', { name: /回到登入|登入頁/ })
      .first()
      .click();
    assert.equal(await page.locator('#password').count(), 1);
    await context.close();
  });
});
