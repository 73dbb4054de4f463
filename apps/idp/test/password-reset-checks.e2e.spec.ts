import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { AccountRepository, AttemptGate, accountSubject, makeNationalId } from '#identity-core';
import { MASKED_EMAIL_PATTERN, MASKED_PHONE_PATTERN } from '#password-reset';
import { SmsGatewayStub, SmtpSink } from '#test-support';
import { NEW, passwordResetE2e } from './password-reset.fixture.js';

describe('forgot password and username: enumeration, bad input, English, end to end', () => {
  const fx = passwordResetE2e();
  const {
    h,
    person,
    noScript,
    submit,

    mailLink,
    formSession,
    post,
  } = fx;
  let sink: SmtpSink;
  let gateway: SmsGatewayStub;
  before(() => ({ sink, gateway } = fx.world()));

  it('no enumeration: existing and unknown accounts get the same page, stable, in about the same time', async () => {
    const p = await person();
    const unknown = ['no.such.person', makeNationalId('R', '1', '7777777')];
    const shape = (html: string) =>
      html
        // The channel buttons first (before their values are blanked); their labels are checked below.
        .replace(/<button[^>]*value="(email|sms)"[^>]*>[\s\S]*?<\/button>\s*/g, 'BUTTON')
        .replace(/value="[^"]*"/g, 'value=""')
        .replace(/[a-z0-9*]\*\*\*@[a-z0-9*]\*\*\*\.[a-z.*]+/g, 'EMAIL')
        .replace(/09\*\*-\*\*\*-\d{3}/g, 'PHONE');
    /** Every channel label, real or look-alike, is one of the two masked forms. */
    const assertMaskedLabels = (html: string) => {
      // The button's text (a masked number sits in a span that keeps it on one line).
      const labels = [...html.matchAll(/value="(email|sms)"[^>]*>([\s\S]*?)<\/button>/g)].map(
        ([, kind, inner]) =>
          [
            kind,
            inner!
              .replace(/<[^>]*>/g, '')
              .replace(/\s+/g, ' ')
              .trim(),
          ] as const,
      );
      assert.ok(labels.length > 0);
      for (const [kind, label] of labels) {
        const [, masked] = /^(?:寄送重設連結到|傳送簡訊驗證碼到) (\S+)$/.exec(label!) ?? [];
        assert.match(masked ?? label!, kind === 'email' ? MASKED_EMAIL_PATTERN : MASKED_PHONE_PATTERN);
      }
    };
    const real = await post('/forgot', { identifier: p.username });
    assert.equal(real.status, 200);
    assertMaskedLabels(real.body);
    for (const identifier of unknown) {
      const first = await post('/forgot', { identifier });
      const second = await post('/forgot', { identifier });
      assert.equal(first.status, real.status);
      assert.deepEqual(
        [...first.headers.keys()].filter((k) => k !== 'date').sort(),
        [...real.headers.keys()].filter((k) => k !== 'date').sort(),
      );
      // Same page apart from the masked channels (which are stable) and the hidden values.
      assert.equal(shape(first.body).replace(/BUTTON/g, ''), shape(real.body).replace(/BUTTON/g, ''));
      const buttons = (html: string) => html.match(/value="(email|sms)"[^>]*>\s*([^<]*)</g);
      assert.deepEqual(buttons(first.body), buttons(second.body), 'stable look-alikes');
      assertMaskedLabels(first.body);
    }

    // Sending: the same "check your mail" page; nothing arrives for the unknown one.
    const sendTo = async (identifier: string) => {
      const s = await formSession();
      const step1 = await post('/forgot', { identifier }, s);
      const flow = /name="flow" value="([^"]+)"/.exec(step1.body)![1]!;
      const channel = /name="channel"\s+value="(email|sms)"/.exec(step1.body)![1]!;
      return { channel, sent: await post('/forgot/send', { flow, channel }, s) };
    };
    const realSent = await sendTo(p.username);
    assert.equal(realSent.channel, 'email');
    let unknownSent: Awaited<ReturnType<typeof sendTo>> | undefined;
    for (let i = 0; !unknownSent || unknownSent.channel !== 'email'; i++)
      unknownSent = await sendTo(`nobody.${i}`);
    assert.equal(unknownSent.sent.status, realSent.sent.status);
    assert.equal(shape(unknownSent.sent.body), shape(realSent.sent.body));
    await sink.waitFor(p.email);
    const mails = sink.messages.length;
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(sink.messages.length, mails, 'nothing sent for the unknown identifier');

    // Timing: the same work either way (one look-up, no hashing), so medians stay close.
    const median = async (identifier: string) => {
      const times: number[] = [];
      for (let i = 0; i < 7; i++) times.push((await post('/forgot', { identifier })).ms);
      return times.sort((x, y) => x - y)[3]!;
    };
    const [known, none] = [await median(p.username), await median('no.such.person')];
    assert.ok(Math.abs(known - none) < 50, `median ${known.toFixed(1)} ms vs ${none.toFixed(1)} ms`);
  });

  it('bad input gets a clear message, never a 500', async () => {
    const good = makeNationalId('A', '1', '2345678');
    const badChecksum = good.slice(0, 9) + String((Number(good[9]) + 1) % 10);
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ identifier: badChecksum }, 400, /身分證字號（或居留證號）不正確/],
      [{ identifier: 'B3' + '1'.repeat(8) }, 400, /身分證字號（或居留證號）不正確/],
      [{ identifier: '1234567890' }, 400, /請輸入有效的帳號/],
      [{ identifier: 'x'.repeat(5000) }, 400, /輸入的內容過長/],
      [{ identifier: '' }, 400, /請輸入帳號或身分證字號/],
    ];
    for (const [form, status, message] of cases) {
      const r = await post('/forgot', form);
      assert.equal(r.status, status, JSON.stringify(form).slice(0, 60));
      assert.match(r.body, message);
      assert.match(r.body, /<title>錯誤：/);
    }
    // A field sent twice is no string: "required", not a crash.
    const s = await formSession();
    const twice = await fetch(`${h.idp.url}/forgot`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf=${s.csrf}&identifier=a&identifier=b`,
    });
    assert.equal(twice.status, 400);
    // No CSRF cookie or token.
    const forged = await fetch(`${h.idp.url}/forgot`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'identifier=lin.student',
    });
    assert.equal(forged.status, 403);
    assert.match(await forged.text(), /此表單已失效/);
    // A body over the limit.
    const huge = await fetch(`${h.idp.url}/forgot`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf=${s.csrf}&identifier=${'y'.repeat(40_000)}`,
    });
    assert.equal(huge.status, 413);
    // Forged or stale step-1 state, and a channel that was not offered.
    const stale = await post('/forgot/send', { flow: 'AAAA', channel: 'email' });
    assert.equal(stale.status, 400);
    assert.match(stale.body, /此頁面已逾時或已失效/);

    // Links: garbage, unknown, expired.
    for (const token of ['abc', 'x'.repeat(43), 'A'.repeat(5000)]) {
      const r = await fetch(`${h.idp.url}/forgot/reset?token=${token}`);
      assert.equal(r.status, 400);
      assert.match(await r.text(), /連結無效/);
    }
    assert.equal((await fetch(`${h.idp.url}/forgot/reset`)).status, 400);
    const p = await person();
    const { cookie, csrf } = await formSession();
    const step1 = await post('/forgot', { identifier: p.username }, { cookie, csrf });
    const flow = /name="flow" value="([^"]+)"/.exec(step1.body)![1]!;
    await post('/forgot/send', { flow, channel: 'email' }, { cookie, csrf });
    const link = mailLink(await sink.waitFor(p.email));
    await h.ctx.app.get(DataSource).query(
      `UPDATE password_reset_challenges c JOIN accounts a ON a.id = c.account_id
         SET c.expires_at = NOW(3) - INTERVAL 1 MINUTE WHERE a.username = ?`,
      [p.username],
    );
    const expired = await fetch(link);
    assert.equal(expired.status, 400);
    assert.match(await expired.text(), /連結已過期/);
    const token = new URL(link).searchParams.get('token')!;
    const late = await post('/forgot/password', { ticket: token, password: NEW, confirm: NEW });
    assert.equal(late.status, 400);
    assert.match(late.body, /連結已過期/);
  });

  it('bad codes: malformed, oversized, exhausted, expired and reused; oversized passwords', async () => {
    const p = await person();
    const s = await formSession();
    const startSms = async () => {
      const step1 = await post('/forgot', { identifier: p.username }, s);
      const flow = /name="flow" value="([^"]+)"/.exec(step1.body)![1]!;
      const before = gateway.messagesTo(p.phone).length;
      const page = await post('/forgot/send', { flow, channel: 'sms' }, s);
      const ticket = /name="ticket" value="([^"]+)"/.exec(page.body)![1]!;
      const smsList = await gateway.waitFor(p.phone, 10_000, before + 1);
      return { ticket, code: /(\d{6})/.exec(smsList.at(-1)!.smbody)![1]! };
    };
    const enter = (ticket: string, code: string) =>
      post('/forgot/code', { ticket, code, to: 'x', minutes: '10' }, s);

    const first = await startSms();
    for (const [code, message] of [
      ['abc', /驗證碼為 6 位數字/],
      ['9'.repeat(5000), /驗證碼為 6 位數字/],
      ['', /請輸入簡訊驗證碼/],
    ] as const) {
      const r = await enter(first.ticket, code);
      assert.equal(r.status, 400);
      assert.match(r.body, message);
    }
    const wrong = String((Number(first.code) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 4; i++) assert.equal((await enter(first.ticket, wrong)).status, 400);
    const last = await enter(first.ticket, wrong);
    assert.match(last.body, /此驗證碼已失效，請重新傳送驗證碼/);
    const exhausted = await enter(first.ticket, first.code);
    assert.equal(exhausted.status, 400);
    assert.match(exhausted.body, /錯誤次數過多，已失效/);

    // A new code does not reset the account's counter: after 5 failures the next one waits.
    const second = await startSms();
    assert.equal((await enter(second.ticket, wrong === second.code ? first.code : wrong)).status, 400);
    const throttled = await enter(second.ticket, second.code);
    assert.equal(throttled.status, 429);
    assert.match(throttled.body, /驗證碼錯誤次數過多，請於 1 分鐘後再試/);
    assert.equal(throttled.headers.get('retry-after'), '30');

    // Expired: the clock of the running idp is real, so age the row instead.
    await h.ctx.app.get(DataSource).query(
      `UPDATE password_reset_challenges c JOIN accounts a ON a.id = c.account_id
         SET c.expires_at = NOW(3) - INTERVAL 1 SECOND WHERE a.username = ? AND c.used_at IS NULL`,
      [p.username],
    );
    const expired = await enter(second.ticket, second.code);
    assert.equal(expired.status, 400);
    assert.match(expired.body, /此驗證碼已過期或已失效/);

    // Reused: a right code works once; its form token is spent afterwards. (The 30 s wait from
    // the counter above is cleared by hand, as a successful reset would.)
    const account = await h.ctx.app.get(AccountRepository).findByLogin(p.username);
    await h.ctx.app.get(AttemptGate).clear(accountSubject(account!.id));
    const third = await startSms();
    const ok = await enter(third.ticket, third.code);
    assert.equal(ok.status, 200);
    assert.match(ok.body, /設定新密碼/);
    const reused = await enter(third.ticket, third.code);
    assert.equal(reused.status, 400);
    assert.match(reused.body, /此頁面已逾時或已失效/);

    const ticket = /name="ticket" value="([^"]+)"/.exec(ok.body)![1]!;
    const long = 'long '.repeat(1000);
    const tooLong = await post('/forgot/password', { ticket, password: long, confirm: long }, s);
    assert.equal(tooLong.status, 400);
    assert.match(tooLong.body, /密碼最多 128 個字元/);
    const done = await post('/forgot/password', { ticket, password: NEW, confirm: NEW }, s);
    assert.equal(done.status, 200);
    assert.match(done.body, /密碼已重設/);
    const twice = await post('/forgot/password', { ticket, password: NEW, confirm: NEW }, s);
    assert.equal(twice.status, 400);
    assert.match(twice.body, /已使用過/);
  });

  it('forgot username: the username reaches the verified channels; the page says the same for anyone', async () => {
    const p = await person();
    const context = await noScript();
    const page = await context.newPage();
    await page.goto(`${h.idp.url}/forgot/username`);
    await page.fill('#nationalId', 'A12345');
    await page.fill('#birthDate', '1996-02-30');
    assert.equal((await submit(page)).status(), 400);
    const summary = (await page.textContent('.error-summary'))!;
    assert.match(summary, /身分證字號（或居留證號）不正確/);
    assert.match(summary, /出生日期不正確/);
    await page.fill('#nationalId', p.nationalId);
    await page.fill('#birthDate', '85/03/15');
    await submit(page);
    assert.equal(await page.textContent('h1'), '請查看您的電子郵件或手機');
    // The username itself (a masked one cannot sign in) and a sign-in link with it filled in.
    const mail = await sink.waitFor(p.email);
    assert.ok(mail.text.includes(`您的教育雲端帳號為：${p.username}`), mail.text);
    const link = /https?:\/\/\S+\/signin\?username=[\w.%-]+/.exec(mail.text)?.[0];
    assert.ok(link, mail.text);
    const [sms] = await gateway.waitFor(p.phone);
    assert.ok(sms!.smbody.includes(p.username) && sms!.smbody.includes(link), sms!.smbody);
    await page.goto(link);
    assert.ok(page.url().startsWith(`${h.idp.url}/interaction/`), page.url());
    assert.equal(await page.inputValue('#login'), p.username);
    await page.fill('#password', p.password);
    await Promise.all([page.waitForURL((u) => u.pathname === '/account'), page.click('button[type=submit]')]);
    assert.match((await page.textContent('main'))!, new RegExp(p.username.replace('.', '\\.')));

    const ask = async (nationalId: string) =>
      post(
        '/forgot/username',
        { nationalId, birthDate: '1996-03-15' },
        await formSession('/forgot/username'),
      );
    const known = await ask(p.nationalId);
    const unknown = await ask(makeNationalId('R', '2', '5555555'));
    assert.equal(unknown.status, 200);
    assert.equal(unknown.status, known.status);
    assert.equal(unknown.body, known.body);
    await context.close();
  });

  it('English pages when asked for, and the forgot pages need no JavaScript or inline style', async () => {
    const r = await fetch(`${h.idp.url}/forgot?ui_locales=en`);
    const body = await r.text();
    assert.match(body, /<html lang="en">/);
    assert.match(body, /Forgot your Education Cloud password/);
    assert.doesNotMatch(body, /<script|style=/);
    assert.match(r.headers.get('content-security-policy')!, /form-action 'self'/);
  });
});
