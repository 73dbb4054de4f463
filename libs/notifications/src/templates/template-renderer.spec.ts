import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NotificationLocale, TemplateName } from '../notification.types.js';
import { assertValidNotificationRequest } from '../notification-request.validation.js';
import { en } from './en.catalogue.js';
import { escapeHtml, renderEmail, renderSms, requiredVariables, templateNames } from './template-renderer.js';
import { zhTW } from './zh-tw.catalogue.js';

const LOCALES: NotificationLocale[] = ['zh-TW', 'en'];
const SAMPLE: Record<string, string> = {
  code: '482913',
  minutes: '10',
  link: 'https://sso.example.edu.tw/password/reset?t=Zm9vYmFy',
  name: '林小華',
  username: 'lin.student',
  expiresAt: '2026-12-31',
  reason: '資料不全',
  method: '驗證器 App',
  time: '2026-12-01 12:00',
  device: 'Chrome on Windows',
  place: '203.0.113.7',
  channel: '電子郵件',
  reference: 'ABCD-EFGH',
};
const UNREPLACED = /\{[A-Za-z][A-Za-z0-9]*\}/;
/** Templates whose SMS carries free text or a URL: one segment is not promised. */
const LONG_SMS = new Set<TemplateName>([
  'password-reset.link',
  // The username and the sign-in link with it filled in.
  'username.reminder',
  'application.received',
  'application.approved',
  'application.rejected',
  // Security notices carry the link to sign out everywhere.
  'security.method-added',
  'security.method-removed',
  'security.new-device',
  'contact.changed',
]);

function dataFor(name: TemplateName): Record<string, string> {
  return Object.fromEntries(requiredVariables(name).map((v) => [v, SAMPLE[v]]));
}

describe('notification templates', () => {
  it('has a zh-TW and an English template for the same names, using the same variables', () => {
    assert.deepEqual(Object.keys(en.templates).sort(), Object.keys(zhTW.templates).sort());
    const vars = (s: string[]) => [...new Set(s.join(' ').match(/\{\w+\}/g) ?? [])].sort();
    for (const name of templateNames()) {
      const z = zhTW.templates[name];
      const e = en.templates[name];
      assert.deepEqual(vars([e.subject, ...e.body, e.sms]), vars([z.subject, ...z.body, z.sms]), name);
      for (const v of requiredVariables(name)) assert.ok(SAMPLE[v], `sample value for ${v}`);
    }
  });

  for (const locale of LOCALES)
    for (const name of templateNames())
      it(`renders ${name} in ${locale} (mail and SMS) with nothing left unreplaced`, () => {
        const data = dataFor(name);
        const mail = renderEmail(name, locale, data);
        const sms = renderSms(name, locale, data);
        for (const part of [mail.subject, mail.text, mail.html, sms]) assert.doesNotMatch(part, UNREPLACED);
        assert.ok(mail.subject.length > 0 && !mail.subject.includes('\n'));
        const t = (locale === 'zh-TW' ? zhTW : en).templates[name];
        const used = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        for (const v of used([t.subject, ...t.body].join(' ')))
          assert.ok(mail.text.includes(data[v]), `${v} in the text`);
        for (const v of used(t.sms)) assert.ok(sms.includes(data[v]), `${v} in the SMS`);
        const fraud =
          locale === 'zh-TW'
            ? '教育部及教育雲端帳號服務人員不會向您索取密碼或驗證碼'
            : 'never ask for your password or codes';
        assert.ok(mail.text.includes(fraud) && mail.html.includes(fraud), 'anti-fraud line');
        assert.match(mail.html, locale === 'zh-TW' ? /<html lang="zh-Hant-TW">/ : /<html lang="en">/);
        if (data.link) assert.ok(mail.html.includes(`<a href="${escapeHtml(data.link)}"`));
        // One SMS segment: 70 UCS-2 characters in Chinese, 160 GSM characters in English.
        if (!LONG_SMS.has(name))
          assert.ok(sms.length <= (locale === 'zh-TW' ? 70 : 160), `${sms.length}: ${sms}`);
      });

  it('escapes every value in the HTML and keeps the text version literal', () => {
    const data = {
      name: '<script>alert("x")</script> & 王',
      username: `a'b`,
      link: 'https://sso.example/signin',
    };
    const mail = renderEmail('username.reminder', 'zh-TW', data);
    assert.ok(!mail.html.includes('<script>'));
    assert.ok(mail.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 王'));
    assert.ok(mail.html.includes('a&#39;b'));
    assert.ok(mail.text.includes('<script>alert("x")</script> & 王'));
  });

  it('refuses links that are not http(s) and strips line breaks from values', () => {
    assert.throws(
      () => renderEmail('password-reset.link', 'en', { link: 'javascript:alert(1)', minutes: '5' }),
      { code: 'template_link_invalid' },
    );
    const mail = renderEmail('application.rejected', 'en', { name: 'A\r\nBcc: x@y', reason: 'r' });
    assert.ok(mail.text.includes('Dear A Bcc: x@y,'));
    assert.equal(
      renderSms('application.rejected', 'zh-TW', { name: 'x', reason: 'a\nb' }).includes('\n'),
      false,
    );
  });

  it('fails on a missing variable rather than sending a broken message', () => {
    assert.throws(() => renderSms('password-reset.code', 'zh-TW', { code: '123456' }), {
      code: 'template_variable_missing',
      what: 'minutes',
    });
    assert.throws(() => renderEmail('password.changed', 'en', { name: '  ' }), {
      code: 'template_variable_missing',
    });
  });

  it('validates requests before they reach the outbox', () => {
    const ok = {
      channel: 'sms' as const,
      to: '0912345678',
      template: 'password-reset.code' as const,
      locale: 'zh-TW' as const,
      data: { code: '123456', minutes: '10' },
      idempotencyKey: 'password-reset:1',
    };
    assertValidNotificationRequest(ok);
    const problems = (r: object) => {
      try {
        assertValidNotificationRequest(r as never);
        return [];
      } catch (e) {
        return (e as { problems: { field: string; code: string }[] }).problems.map(
          (p) => `${p.field}:${p.code}`,
        );
      }
    };
    assert.deepEqual(problems({ ...ok, to: '+886912345678' }), ['to:invalid_mobile']);
    assert.deepEqual(problems({ ...ok, channel: 'email', to: 'not-an-address' }), ['to:invalid_email']);
    assert.deepEqual(problems({ ...ok, data: { code: '1' } }), ['data.minutes:template_variable_missing']);
    assert.deepEqual(problems({ ...ok, template: 'nope' }), ['template:unknown']);
    assert.deepEqual(problems({ ...ok, idempotencyKey: '' }), ['idempotencyKey:invalid']);
    assert.deepEqual(problems({ ...ok, locale: 'fr' }), ['locale:invalid']);
  });
});
