import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { SmsGatewayStub, SmtpSink } from '#test-support';
import { client } from './oidc-harness.js';
import { NEW, passwordResetE2e } from './password-reset.fixture.js';

describe('forgot password by mail and SMS, end to end', () => {
  const fx = passwordResetE2e();
  const { h, person, noScript, submit, signedIn, assertSignedOutEverywhere, loginPage, mailLink } = fx;
  let sink: SmtpSink;
  let gateway: SmsGatewayStub;
  let config: client.Configuration;
  before(() => ({ sink, gateway, config } = fx.world()));

  it('email link: from the login page through the mailbox to a new password; old sessions and tokens die', async () => {
    const p = await person();
    const before = await signedIn(p);

    const context = await noScript();
    const { page, a } = await loginPage(context);
    const interaction = page.url();
    await page.click('text=忘記教育雲端密碼');
    assert.match(page.url(), /\/forgot\?ui_locales=zh-TW&return=%2Finteraction%2F/);
    assert.equal(await page.textContent('h1'), '忘記教育雲端密碼');
    await page.fill('#identifier', p.username);
    await submit(page);
    assert.equal(await page.textContent('h1'), '選擇接收方式');
    const buttons = await page.locator('button[name=channel]').allTextContents();
    assert.deepEqual(
      buttons.map((b) => b.trim()),
      ['寄送重設連結到 f***@e***.edu.tw', `傳送簡訊驗證碼到 09**-***-${p.phone.slice(-3)}`],
    );
    await submit(page, 'button[name=channel][value=email]');
    assert.equal(await page.textContent('h1'), '請查看您的電子郵件');

    const mail = await sink.waitFor(p.email);
    assert.match(mail.subject, /重設/);
    const link = mailLink(mail);
    const opened = await page.goto(link);
    assert.equal(opened!.status(), 200);
    assert.equal(opened!.headers()['referrer-policy'], 'no-referrer');
    assert.match(opened!.headers()['content-security-policy']!, /script-src 'none'/);
    assert.equal(await page.inputValue('#username'), p.username);
    await page.fill('#password', NEW);
    await page.fill('#confirm', NEW);
    await submit(page);
    assert.equal(await page.textContent('h1'), '密碼已重設');

    // The notice goes to the other channel: SMS.
    const [notice] = await gateway.waitFor(p.phone);
    assert.match(notice!.smbody, /密碼已變更/);
    await assertSignedOutEverywhere(before);

    // The link may be opened anywhere, so the done page cannot lead back; this browser goes back
    // to the login page it came from, and signs in with the new password.
    assert.equal(await page.locator('a.button').count(), 0);
    await page.goto(interaction);
    const callback = await h.login(page, { username: p.username, password: NEW });
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: a.verifier,
      expectedState: a.state,
      expectedNonce: a.nonce,
    });
    assert.ok(tokens.access_token);

    // Single use.
    const again = await page.goto(link);
    assert.equal(again!.status(), 400);
    assert.equal(await page.textContent('h1'), '連結已失效');
    await context.close();
  });

  it('SMS code: wrong code, then the right one, then a new password; old sessions and tokens die', async () => {
    const p = await person();
    const before = await signedIn(p);
    const context = await noScript();
    const { page, a } = await loginPage(context);
    await page.click('text=忘記教育雲端密碼');
    await page.fill('#identifier', p.nationalId.toLowerCase());
    await submit(page);
    await submit(page, 'button[name=channel][value=sms]');
    assert.equal(await page.textContent('h1'), '輸入簡訊驗證碼');
    assert.match((await page.textContent('main'))!, new RegExp(`09\\*\\*-\\*\\*\\*-${p.phone.slice(-3)}`));

    const [sms] = await gateway.waitFor(p.phone);
    assert.equal(sms!.charset, 'UTF-8');
    const code = /(\d{6})/.exec(sms!.smbody)![1]!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await page.fill('#code', wrong);
    const bad = await submit(page);
    assert.equal(bad.status(), 400);
    assert.match((await page.textContent('.error-summary'))!, /驗證碼錯誤，此驗證碼還可再試 4 次/);
    assert.equal(await page.getAttribute('#code', 'aria-invalid'), 'true');

    await page.fill('#code', code);
    await submit(page);
    assert.equal(await page.textContent('h1'), '設定新密碼');
    await page.fill('#password', 'password123');
    await page.fill('#confirm', 'password123');
    assert.equal((await submit(page)).status(), 400);
    assert.match((await page.textContent('.error-summary'))!, /此密碼太常見/);
    await page.fill('#password', NEW);
    await page.fill('#confirm', `${NEW}!`);
    assert.equal((await submit(page)).status(), 400);
    assert.match((await page.textContent('.error-summary'))!, /兩次輸入的新密碼不一致/);
    await page.fill('#password', NEW);
    await page.fill('#confirm', NEW);
    await submit(page);
    assert.equal(await page.textContent('h1'), '密碼已重設');

    const [notice] = await sink.waitForCount(p.email, 1);
    assert.match(notice!.subject, /密碼已變更/);
    await assertSignedOutEverywhere(before);

    // The same browser goes back to the login page it came from, and signs in.
    await submit(page, 'a.button');
    assert.ok(page.url().startsWith(`${h.idp.url}/interaction/`));
    const callback = await h.login(page, { username: p.username, password: NEW });
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: a.verifier,
      expectedState: a.state,
      expectedNonce: a.nonce,
    });
    assert.equal(tokens.claims()!.sub, before.tokens.claims()!.sub);
    await context.close();
  });
});
