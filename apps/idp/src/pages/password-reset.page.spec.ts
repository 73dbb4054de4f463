import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locale } from '#web';
import { resetDonePage, resetPasswordPage, resetProblemPage } from './password-reset-password.page.js';
import { forgotUsernamePage, forgotUsernameSentPage } from './password-reset-username.page.js';
import {
  forgotChannelsPage,
  forgotCodePage,
  forgotEmailSentPage,
  forgotStartPage,
} from './password-reset.page.js';

const HOSTILE = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)>';
const sw = '/forgot?ui_locales=en';
const captcha = { id: 'cap-1', imageUrl: '/captcha/cap-1.png', refreshHref: '/forgot' };
const err = (field: string) => [{ field, message: HOSTILE }, { message: 'form-level' }];

function pages(locale: Locale): Record<string, string> {
  return {
    start: forgotStartPage({
      locale,
      action: '/forgot',
      csrf: 'c',
      usernameHref: '/forgot/username',
      switchLocaleHref: sw,
    }),
    startErrors: forgotStartPage({
      locale,
      action: '/forgot',
      csrf: HOSTILE,
      identifier: HOSTILE,
      errors: [...err('identifier'), { field: 'captcha', message: 'c' }],
      captcha,
      returnTo: '/interaction/abc',
      usernameHref: '/forgot/username',
      switchLocaleHref: sw,
    }),
    channels: forgotChannelsPage({
      locale,
      action: '/forgot/send',
      csrf: 'c',
      flow: HOSTILE,
      channels: [
        { kind: 'email', masked: 'a***@g***.com' },
        { kind: 'sms', masked: HOSTILE },
      ],
      restartHref: '/forgot',
      switchLocaleHref: sw,
    }),
    sent: forgotEmailSentPage({
      locale,
      masked: HOSTILE,
      minutes: 30,
      restartHref: '/forgot',
      switchLocaleHref: sw,
    }),
    code: forgotCodePage({
      locale,
      action: '/forgot/code',
      csrf: 'c',
      ticket: 't',
      masked: '09**-***-123',
      minutes: 10,
      resend: { action: '/forgot/send', flow: 'f' },
      errors: err('code'),
      restartHref: '/forgot',
      switchLocaleHref: sw,
    }),
    password: resetPasswordPage({
      locale,
      action: '/forgot/password',
      csrf: 'c',
      ticket: 't',
      username: HOSTILE,
      minLength: 8,
      errors: [...err('password'), { field: 'confirm', message: 'x' }],
      switchLocaleHref: sw,
    }),
    done: resetDonePage({ locale, returnTo: '/interaction/abc', switchLocaleHref: sw }),
    problem: resetProblemPage({
      locale,
      title: HOSTILE,
      message: HOSTILE,
      restartHref: '/forgot',
      switchLocaleHref: sw,
    }),
    username: forgotUsernamePage({
      locale,
      action: '/forgot/username',
      csrf: 'c',
      nationalId: HOSTILE,
      birthDate: HOSTILE,
      errors: [...err('nationalId'), { field: 'birthDate', message: 'b' }],
      captcha,
      passwordHref: '/forgot',
      switchLocaleHref: sw,
    }),
    usernameSent: forgotUsernameSentPage({ locale, passwordHref: '/forgot', switchLocaleHref: sw }),
  };
}

const tags = (page: string, name: string) => page.match(new RegExp(`<${name}\\b[^>]*>`, 'g')) ?? [];
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

describe('forgot password and username pages', () => {
  for (const locale of ['zh-TW', 'en'] as const) {
    for (const [name, page] of Object.entries(pages(locale))) {
      it(`${locale} ${name}: no script or inline style; hostile text escaped`, () => {
        assert.doesNotMatch(page, /<script|<style|\sstyle=/i);
        assert.doesNotMatch(page, /<img src=x/);
        for (const tag of page.match(/<[a-z][^>]*>/gi) ?? [])
          assert.doesNotMatch(tag.replace(/"[^"]*"/g, '""'), /\son[a-z]+=/i, tag);
        assert.match(page, new RegExp(`<html lang="${locale === 'zh-TW' ? 'zh-Hant-TW' : 'en'}">`));
      });

      it(`${locale} ${name}: every visible input has a label; described-by targets exist; posts carry csrf`, () => {
        const inputs = tags(page, 'input').filter((t) => attr(t, 'type') !== 'hidden');
        const fors = tags(page, 'label').map((t) => attr(t, 'for'));
        for (const input of inputs) {
          assert.ok(fors.includes(attr(input, 'id')), `label for #${attr(input, 'id')}`);
          for (const ref of attr(input, 'aria-describedby')?.split(' ') ?? [])
            assert.ok(page.includes(`id="${ref}"`), `#${ref}`);
        }
        for (const form of page.split('<form').slice(1))
          assert.match(form.slice(0, form.indexOf('</form>')), /name="csrf"/, 'csrf field');
      });
    }
  }

  it('error pages: summary with role=alert linking to the fields, fields marked invalid, title prefixed', () => {
    const p = pages('zh-TW');
    for (const [page, fields] of [
      [p.startErrors!, ['identifier', 'captcha']],
      [p.code!, ['code']],
      [p.password!, ['password', 'confirm']],
      [p.username!, ['nationalId', 'birthDate']],
    ] as const) {
      assert.match(page, /<div\s+class="error-summary"\s+role="alert"/);
      assert.match(page, /<title>錯誤：/);
      for (const f of fields) {
        assert.ok(page.includes(`<a href="#${f}">`), f);
        const [input] = tags(page, 'input').filter((t) => attr(t, 'id') === f);
        assert.match(input!, /aria-invalid="true"/);
      }
      assert.match(page, /<li>form-level<\/li>/);
    }
    assert.doesNotMatch(pages('zh-TW').start, /error-summary|aria-invalid/);
  });

  it('inputs say what they hold: username, one-time code, new password', () => {
    const p = pages('zh-TW');
    const input = (page: string, id: string) => tags(page, 'input').find((t) => attr(t, 'id') === id)!;
    assert.equal(attr(input(p.start!, 'identifier'), 'autocomplete'), 'username');
    assert.equal(attr(input(p.code!, 'code'), 'autocomplete'), 'one-time-code');
    assert.equal(attr(input(p.code!, 'code'), 'inputmode'), 'numeric');
    assert.equal(attr(input(p.password!, 'password'), 'autocomplete'), 'new-password');
    assert.equal(attr(input(p.password!, 'confirm'), 'type'), 'password');
    assert.match(input(p.password!, 'username'), /\sreadonly/);
    assert.doesNotMatch(Object.values(p).join(''), /maxlength/);
  });

  it('the channel page offers one button per channel, masked, in zh-TW first', () => {
    const page = pages('zh-TW').channels!;
    assert.match(page, /寄送重設連結到 a\*\*\*@g\*\*\*\.com/);
    assert.match(page, /傳送簡訊驗證碼到 <span class="nowrap">&lt;script&gt;/);
    assert.equal(tags(page, 'button').filter((b) => attr(b, 'name') === 'channel').length, 2);
    assert.match(page, /本頁不會透露帳號是否存在/);
  });

  it('the done page leads back to the login page only when there is one', () => {
    assert.match(pages('zh-TW').done!, /<a class="button" href="\/interaction\/abc">返回登入<\/a>/);
    assert.doesNotMatch(resetDonePage({ locale: 'zh-TW', switchLocaleHref: sw }), /interaction/);
  });
});
