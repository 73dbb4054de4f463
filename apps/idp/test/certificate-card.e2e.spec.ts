import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { client, OidcHarness, STUDENT, TEACHER, type RegisteredClient } from './oidc-harness.js';
import { StandIns, type CardInfo } from './stand-ins.js';

const LINK = '自然人憑證登入';
const PARAMS = { ui_locales: 'zh-TW', claims: JSON.stringify({ id_token: { amr: null, acr: null } }) };
const NAME = '林小華';
const DIGITS = STUDENT.nationalId.slice(-4);

interface AuditRow {
  action: string;
  result: string;
  target: string | null;
  details: Record<string, unknown> | null;
}

/** The status element as the browser sees it (this file compiles without the DOM types). */
type StatusElement = { getAttribute(name: string): string | null; seen?: string[] };
type ObserverClass = new (callback: () => void) => { observe(target: unknown, options: object): void };

describe('自然人憑證登入: a MOICA card through the HiPKI component, in Chromium, through the stand-ins', () => {
  const h = new OidcHarness();
  const standIns = new StandIns();
  let rp: RegisteredClient;
  let config: client.Configuration;
  let captured: string | null = null;

  before(async () => {
    await standIns.start();
    await h.start(standIns.idpEnv());
    rp = await h.registerClient({ name: '甲系統', firstParty: true });
    config = await h.rpConfig(rp);
  });
  after(async () => {
    await h.stop();
    await standIns.stop();
  });

  const db = () => h.ctx.app.get(DataSource);
  async function audits(action: string): Promise<AuditRow[]> {
    const rows = (await db().query(
      'SELECT action, result, target, details FROM audit_events WHERE action = ? ORDER BY id',
      [action],
    )) as AuditRow[];
    return rows.map((r) => ({
      ...r,
      details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details,
    }));
  }
  const lastAudit = async (action: string) => (await audits(action)).at(-1);

  /** The login page → 自然人憑證登入 → the card page, with the card detected through the status image. */
  async function cardPage(context: BrowserContext) {
    const page = await context.newPage();
    const a = await h.authorizationUrl(config, PARAMS);
    await page.goto(a.url.toString());
    await page.getByRole('button', { name: LINK }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/method/moica/sign'));
    return { page, a };
  }

  async function sign(page: Page, id: string, pin: string) {
    await page.fill('#nationalId', id);
    await page.fill('#pin', pin);
    await page.click('button[type=submit]');
  }

  /** Signs, and waits for the page the server answers with (its error, or the RP). */
  async function refusedWith(page: Page, id: string, pin: string): Promise<string> {
    // Mark this document: the answer is the next one (a refusal redraws the same URL).
    await page
      .locator('body')
      .evaluate((b: { setAttribute(name: string, value: string): void }) => b.setAttribute('data-stale', ''));
    await sign(page, id, pin);
    const alert = page.locator('body:not([data-stale]) [role=alert]');
    await alert.waitFor({ timeout: 20_000 });
    return alert.innerText();
  }

  async function freshCard(req: Partial<Parameters<StandIns['card']>[0]> = {}): Promise<CardInfo> {
    return standIns.card({ name: NAME, idDigits: DIGITS, ...req });
  }

  it('the page: its fields, the help links, a script allowed for this page only, the card detected', async () => {
    await freshCard();
    const context = await h.browser.newContext();
    const { page } = await cardPage(context);
    assert.match(await page.locator('.lead').first().innerText(), /請插入您的自然人憑證並輸入PIN碼/);
    assert.equal(await page.locator('#nationalId').count(), 1);
    // The PIN field has no name: the form cannot send it to the server.
    assert.equal(await page.locator('#pin').getAttribute('name'), null);
    assert.equal(await page.getByRole('button', { name: '清除' }).count(), 1);
    assert.equal(await page.getByRole('button', { name: '送出' }).count(), 1);
    assert.ok(await page.getByRole('link', { name: /跨平台網頁元件/ }).count());
    assert.ok(await page.getByRole('link', { name: /自我檢測/ }).count());
    const res = await page.request.get(page.url());
    const csp = res.headers()['content-security-policy']!;
    assert.match(csp, /script-src 'nonce-[^']+'/);
    assert.ok(csp.includes(`img-src 'self' data: ${standIns.hipkiUrl}`), csp);
    assert.equal(res.headers()['cross-origin-opener-policy'], 'same-origin-allow-popups');
    // The script is an external file with SRI; no inline script.
    assert.equal(await page.locator('script:not([src])').count(), 0);
    await page.locator('#method-status[data-state=ready]').waitFor();
    // No card in the reader: said when the page opens, and again when the component answers 送出.
    await standIns.eject();
    await page.reload();
    await page.locator('#method-status[data-state=noCard]').waitFor();
    await page.fill('#nationalId', STUDENT.nationalId);
    await page.fill('#pin', '123456');
    // 'signing' can last less than a locator's poll: record every state the page goes through.
    await page.locator('#method-status').evaluate((el: StatusElement) => {
      const seen: string[] = [];
      el.seen = seen;
      const { MutationObserver } = globalThis as unknown as { MutationObserver: ObserverClass };
      new MutationObserver(() => seen.push(el.getAttribute('data-state') ?? '')).observe(el, {
        attributeFilter: ['data-state'],
      });
    });
    await page.click('button[type=submit]');
    const states = () => page.locator('#method-status').evaluate((el: StatusElement) => [...(el.seen ?? [])]);
    for (let i = 0; i < 300 && !(await states()).slice(1).includes('noCard'); i++)
      await page.waitForTimeout(100);
    const seen = await states();
    assert.equal(seen[0], 'signing', seen.join(' → '));
    assert.ok(seen.slice(1).includes('noCard'), seen.join(' → '));
    assert.match(await page.locator('#method-status').innerText(), /讀卡機中沒有自然人憑證/);
    assert.equal(await page.locator('#pin').inputValue(), '', 'the PIN is cleared after use');
    // The login page itself still runs no script.
    const login = await page.request.get(page.url().replace(/\/method\/.*$/, ''));
    assert.match(login.headers()['content-security-policy']!, /script-src 'none'/);
    await context.close();
  });

  it('the first login signs the nonce, verifies the card and binds it (audited); amr sc+pin+hwk, acr mfa', async () => {
    const card = await freshCard();
    const context = await h.browser.newContext();
    const { page, a } = await cardPage(context);
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/method/moica/sign')) captured = r.postData();
    });
    await sign(page, STUDENT.nationalId, card.pin);
    await page.waitForURL((u) => u.href.startsWith(h.rp.url), { timeout: 20_000 });
    // What the browser sent: signature, certificate, card number; never the PIN.
    const sent = new URLSearchParams(captured!);
    assert.ok(sent.get('signature') && sent.get('certificate'));
    assert.equal(sent.get('cardSN'), card.serialNumber);
    assert.ok(![...sent.values()].includes(card.pin), 'the PIN never reaches the server');
    const tokens = await client.authorizationCodeGrant(config, new URL(page.url()), {
      pkceCodeVerifier: a.verifier,
      expectedState: a.state,
      expectedNonce: a.nonce,
    });
    const claims = tokens.claims()!;
    assert.deepEqual([...(claims.amr as string[])].sort(), ['hwk', 'mfa', 'pin', 'sc']);
    assert.equal(claims.acr, 'urn:edu-sso:acr:mfa');
    const binds = await audits('certificate.bind');
    assert.equal(binds.length, 1);
    assert.equal(binds[0]!.details!.serial, card.certSerial.toLowerCase());
    const rows = (await db().query('SELECT serial, replaced_at FROM certificate_bindings')) as {
      serial: string;
    }[];
    assert.deepEqual(
      rows.map((r) => r.serial),
      [card.certSerial.toLowerCase()],
    );
    assert.equal((await lastAudit('login.certificate'))!.details!.binding, 'first');
    await context.close();
  });

  it('a second login uses the binding: no new binding', async () => {
    const context = await h.browser.newContext();
    const { page } = await cardPage(context);
    // The same card is still in the reader (the last one made): the one bound above.
    const bound = (await db().query('SELECT serial FROM certificate_bindings')) as { serial: string }[];
    await sign(page, STUDENT.nationalId, '123456');
    await page.waitForURL((u) => u.href.startsWith(h.rp.url), { timeout: 20_000 });
    assert.equal((await audits('certificate.bind')).length, 1);
    const last = (await lastAudit('login.certificate'))!;
    assert.equal(last.result, 'success');
    assert.equal(last.details!.binding, 'bound');
    assert.equal(last.details!.serial, bound[0]!.serial);
    await context.close();
  });

  it('a renewed card (same holder, issued later) is bound in place of the old one, audited; the old one is done', async () => {
    const old = (await db().query('SELECT serial FROM certificate_bindings WHERE replaced_at IS NULL')) as {
      serial: string;
    }[];
    await new Promise((r) => setTimeout(r, 1100)); // certificate times have whole seconds
    const renewed = await freshCard();
    const context = await h.browser.newContext();
    const { page } = await cardPage(context);
    await sign(page, STUDENT.nationalId, renewed.pin);
    await page.waitForURL((u) => u.href.startsWith(h.rp.url), { timeout: 20_000 });
    const rebind = (await audits('certificate.rebind')).at(-1)!;
    assert.equal(rebind.details!.serial, renewed.certSerial.toLowerCase());
    assert.equal(rebind.details!.replaces, old[0]!.serial);
    const current = (await db().query(
      'SELECT serial FROM certificate_bindings WHERE replaced_at IS NULL',
    )) as {
      serial: string;
    }[];
    assert.deepEqual(
      current.map((r) => r.serial),
      [renewed.certSerial.toLowerCase()],
    );
    await context.close();
  });

  it('a wrong PIN: the component’s code, said on the page and audited; the card locks after three', async () => {
    await freshCard();
    const context = await h.browser.newContext();
    const { page } = await cardPage(context);
    assert.match(await refusedWith(page, STUDENT.nationalId, '000000'), /PIN碼錯誤/);
    assert.equal((await lastAudit('login.certificate'))!.details!.reason, 'card_pin_wrong');
    await refusedWith(page, STUDENT.nationalId, '000000');
    assert.match(await refusedWith(page, STUDENT.nationalId, '000000'), /卡片已鎖住/);
    const last = (await lastAudit('login.certificate'))!;
    assert.equal(last.details!.reason, 'card_locked');
    assert.equal(last.details!.component, '0x76100006/0xa4');
    // Even the right PIN does not unlock it.
    assert.match(await refusedWith(page, STUDENT.nationalId, '123456'), /卡片已鎖住/);
    await context.close();
  });

  const refusals: [
    string,
    Partial<Parameters<StandIns['card']>[0]>,
    RegExp,
    string,
    ((c: CardInfo) => Promise<unknown>)?,
  ][] = [
    ['revoked (OCSP)', { ocsp: true }, /已被廢止/, 'revoked', (c) => standIns.revoke(c.certSerial)],
    [
      'revoked (CRL: no OCSP in its AIA)',
      { ocsp: false },
      /已被廢止/,
      'revoked',
      (c) => standIns.revoke(c.certSerial),
    ],
    ['expired', { variant: 'expired' }, /已過期/, 'expired'],
    ['from an untrusted CA with MOICA’s names', { variant: 'untrusted' }, /受信任的憑證機構/, 'untrusted'],
    [
      'whose ID digits do not match the ID typed',
      { idDigits: TEACHER.nationalId.endsWith('0000') ? '1111' : '0000' },
      /末四碼/,
      'id_mismatch',
    ],
  ];
  // Each refusal counts on the attempt gate: spread over two accounts, none reaches its wait.
  for (const [i, [what, req, message, reason, prepare]] of refusals.entries()) {
    const who = i < 3 ? STUDENT : TEACHER;
    it(`a certificate ${what} is refused with a clear message and an audit event`, async () => {
      const card = await freshCard({ idDigits: who.nationalId.slice(-4), ...req });
      await prepare?.(card);
      const context = await h.browser.newContext();
      const { page } = await cardPage(context);
      assert.match(await refusedWith(page, who.nationalId, card.pin), message);
      const last = (await lastAudit('login.certificate'))!;
      assert.equal(last.result, 'failure');
      assert.equal(last.details!.reason, reason);
      // The page is ready for another try: a new nonce.
      assert.equal(await page.locator('#signature').inputValue(), '');
      await context.close();
    });
  }

  it('a replayed signature (its nonce already used) is refused', async () => {
    assert.ok(captured, 'the first login’s POST was captured');
    const card = await freshCard({ idDigits: TEACHER.nationalId.slice(-4) });
    const context = await h.browser.newContext();
    const { page } = await cardPage(context);
    await page.route('**/method/moica/sign', (route) =>
      route.request().method() === 'POST' ? route.continue({ postData: captured! }) : route.continue(),
    );
    assert.match(await refusedWith(page, TEACHER.nationalId, card.pin), /已經使用過或已逾時/);
    assert.equal((await lastAudit('login.certificate'))!.details!.reason, 'nonce_used');
    await context.close();
  });

  it('a signature over another login’s nonce is refused', async () => {
    const card = await freshCard({ idDigits: TEACHER.nationalId.slice(-4) });
    // Login E: the card signs E's nonce; the POST is held back, so the nonce stays unused.
    const other = await h.browser.newContext();
    const e = await cardPage(other);
    let body: string | null = null;
    await e.page.route('**/method/moica/sign', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      body = route.request().postData();
      await route.abort();
    });
    await sign(e.page, TEACHER.nationalId, card.pin);
    for (let i = 0; i < 100 && !body; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(body);
    // Login D posts E's signature.
    const context = await h.browser.newContext();
    const { page } = await cardPage(context);
    await page.route('**/method/moica/sign', (route) =>
      route.request().method() === 'POST' ? route.continue({ postData: body! }) : route.continue(),
    );
    assert.match(await refusedWith(page, TEACHER.nationalId, card.pin), /不是本次登入的驗證碼/);
    assert.equal((await lastAudit('login.certificate'))!.details!.reason, 'nonce_other');
    await other.close();
    await context.close();
  });

  it('an unknown ID gets the same page and message as a known one whose card does not fit', async () => {
    const unknown = 'A123456789';
    const card = await freshCard({ idDigits: unknown.slice(-4) });
    const context = await h.browser.newContext();
    const { page } = await cardPage(context);
    const text = await refusedWith(page, unknown, card.pin);
    assert.match(text, /無法以此憑證登入/);
    const last = (await lastAudit('login.certificate'))!;
    assert.equal(last.details!.reason, 'not_for_account');
    assert.match(String(last.target), /^login:/);
    assert.ok(!JSON.stringify(last).includes(unknown), 'the typed ID is not in the audit trail');
    // A known account and another person's card with matching digits: the same words.
    const stranger = await freshCard({ name: '王大明' });
    const { page: p2 } = await cardPage(context);
    assert.equal(await refusedWith(p2, STUDENT.nationalId, stranger.pin), text);
    await context.close();
  });
});
