import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locale } from '#web';
import * as pages from './login.page.js';
import type { LoginPageModel } from './login.page.js';

/**
 * The templates are laid out by prettier, so assertions look at the markup with whitespace
 * around tags dropped, runs of whitespace collapsed and `/>` written `>`.
 */
const norm = (s: string) =>
  s
    .replace(/\s+/g, ' ')
    .replace(/>\s/g, '>')
    .replace(/\s</g, '<')
    .replace(/\s>/g, '>')
    .replace(/\s?\/>/g, '>');
const loginPage = (m: LoginPageModel) => norm(pages.loginPage(m));
const consentPage = (m: pages.ConsentPageModel) => norm(pages.consentPage(m));
const signedInPage = (m: pages.SignedInPageModel) => norm(pages.signedInPage(m));
const errorPage = (m: pages.ErrorPageModel) => norm(pages.errorPage(m));
const messagePage = (m: pages.MessagePageModel) => norm(pages.messagePage(m));
const logoutConfirmPage = (m: pages.LogoutConfirmPageModel) => norm(pages.logoutConfirmPage(m));

const HOSTILE = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)>';
const sw = '/interaction/abc?ui_locales=en';

function login(extra: Partial<LoginPageModel> = {}, locale: Locale = 'zh-TW'): string {
  return loginPage({
    locale,
    action: '/interaction/abc/login',
    links: [{ href: '/forgot-password', label: '忘記教育雲端密碼' }],
    captcha: { id: 'cap-id-1', imageUrl: '/captcha/xyz.png', refreshHref: '/interaction/abc/captcha' },
    switchLocaleHref: sw,
    ...extra,
  });
}

function allPages(locale: Locale): Record<string, string> {
  return {
    login: login({}, locale),
    loginErrors: login(
      {
        login: HOSTILE,
        clientName: HOSTILE,
        errors: [
          { message: '帳號或密碼錯誤。' },
          { field: 'login', message: HOSTILE },
          { field: 'password', message: 'x' },
          { field: 'captcha', message: 'y' },
        ],
      },
      locale,
    ),
    loginNoCaptcha: login({ captcha: null }, locale),
    consent: consentPage({
      locale,
      action: '/c',
      clientName: HOSTILE,
      scopes: ['openid', 'profile', HOSTILE],
      claims: ['email', HOSTILE],
      switchLocaleHref: sw,
    }),
    signedIn: signedInPage({
      locale,
      name: HOSTILE,
      username: HOSTILE,
      logoutAction: '/logout',
      switchLocaleHref: sw,
    }),
    error: errorPage({ locale, error: 'invalid_request', description: HOSTILE, switchLocaleHref: sw }),
    message: messagePage({ locale, title: HOSTILE, message: HOSTILE, switchLocaleHref: sw }),
    logout: logoutConfirmPage({
      locale,
      action: '/session/end/confirm',
      hiddenFields: { xsrf: HOSTILE },
      switchLocaleHref: sw,
    }),
  };
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const tags = (page: string, name: string) => page.match(new RegExp(`<${name}\\b[^>]*>`, 'g')) ?? [];

describe('pages', () => {
  for (const locale of ['zh-TW', 'en'] as const) {
    const pages = allPages(locale);
    for (const [name, page] of Object.entries(pages)) {
      it(`${locale} ${name}: a full document with the locale's lang`, () => {
        assert.ok(page.startsWith('<!doctype html><html lang="'));
        assert.match(page, new RegExp(`<html lang="${locale === 'zh-TW' ? 'zh-Hant-TW' : 'en'}">`));
        assert.match(page, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
        // The kit's three stylesheets, in cascade order.
        assert.match(
          page,
          /<link rel="stylesheet" href="\/assets\/app.css"><link rel="stylesheet" href="\/assets\/forms.css"><link rel="stylesheet" href="\/assets\/pages.css">/,
        );
        assert.match(page, /<main id="main"/);
        assert.match(page, /070-101-00107/);
        assert.match(page, /oidcservice@mail\.edu\.tw/);
        assert.ok(page.includes(`href="${sw}"`), 'language switch link');
      });

      it(`${locale} ${name}: no script, no inline style, hostile input escaped`, () => {
        assert.doesNotMatch(page, /<script/i);
        assert.doesNotMatch(page, /<style/i);
        assert.doesNotMatch(page, /\sstyle=/i);
        assert.doesNotMatch(page, /<img src=x/);
        // Hostile text is escaped, so every real tag is ours: none may carry an event handler.
        // (Attribute values are blanked first: a quote inside one is always escaped.)
        for (const tag of page.match(/<[a-z][^>]*>/gi) ?? [])
          assert.doesNotMatch(tag.replace(/"[^"]*"/g, '""'), /\son[a-z]+=/i, tag);
      });

      it(`${locale} ${name}: every visible input has a label, every label an input`, () => {
        const inputs = tags(page, 'input').filter((tag) => attr(tag, 'type') !== 'hidden');
        const ids = inputs.map((tag) => attr(tag, 'id'));
        const fors = tags(page, 'label').map((tag) => attr(tag, 'for'));
        for (const id of ids) assert.ok(id && fors.includes(id), `input #${id} has a label`);
        for (const f of fors) assert.ok(ids.includes(f), `label for=${f} has an input`);
        // aria-describedby only names elements that exist
        for (const tag of inputs)
          for (const ref of attr(tag, 'aria-describedby')?.split(' ') ?? [])
            assert.ok(page.includes(`id="${ref}"`), `#${ref} exists`);
      });
    }
  }

  it('escapes a hostile client name, prefill and error message', () => {
    const page = allPages('zh-TW').loginErrors;
    assert.ok(
      page.includes('以教育雲端帳號登入 &lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img'),
    );
    assert.ok(page.includes('value="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;'));
    const consent = allPages('en').consent;
    assert.ok(consent.includes('“&lt;script&gt;alert(1)&lt;/script&gt;'));
  });

  it('login form: autocomplete, no autocorrection of the account, paste allowed', () => {
    const page = login();
    const [loginInput] = tags(page, 'input').filter((t) => attr(t, 'id') === 'login');
    const [passwordInput] = tags(page, 'input').filter((t) => attr(t, 'id') === 'password');
    assert.equal(attr(loginInput!, 'autocomplete'), 'username');
    assert.equal(attr(loginInput!, 'autocapitalize'), 'none');
    assert.equal(attr(loginInput!, 'spellcheck'), 'false');
    assert.equal(attr(passwordInput!, 'autocomplete'), 'current-password');
    assert.equal(attr(passwordInput!, 'type'), 'password');
    assert.doesNotMatch(page, /onpaste|maxlength/);
    assert.match(page, /<form class="form" method="post" action="\/interaction\/abc\/login"/);
    assert.match(page, /<button class="button" type="submit">登入<\/button>/);
    assert.match(page, /帳號（例：lin\.student）或完整的 lin\.student@mail\.edu\.tw 皆可/);
  });

  it('captcha: image with alt text, then the answer, then 換下一個 (posting the form) and the spoken code; absent when null', () => {
    const page = login();
    const [img] = tags(page, 'img');
    assert.equal(attr(img!, 'src'), '/captcha/xyz.png');
    assert.ok(attr(img!, 'alt')!.length > 0);
    // 換下一個 posts the form (what was typed comes back) and sits after the answer field in the
    // tab order: password → answer, never password → 換下一個.
    assert.match(
      page,
      /<button class="captcha__refresh link-button" type="submit" name="captcha_refresh" value="1">\s*換下一個\s*<\/button>/,
    );
    // The form's own button comes first of the two: Enter in a field signs in, it does not refresh.
    const order = [
      'id="password"',
      'id="captcha"',
      '<button class="button" type="submit"',
      'name="captcha_refresh"',
      'class="captcha__audio"',
    ].map((s) => page.indexOf(s));
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
    );
    assert.ok(order[0]! > 0);
    // The spoken captcha, in the page's language, as a link and a player.
    assert.match(
      page,
      /<a class="captcha__audio" href="\/captcha\/xyz.wav\?ui_locales=zh-TW" type="audio\/wav">聽語音驗證碼<\/a>/,
    );
    assert.match(
      page,
      /<audio class="captcha__player" controls preload="none" src="\/captcha\/xyz.wav\?ui_locales=zh-TW"><\/audio>/,
    );
    // A labelled way round the picture for those who cannot see it, tied to the answer field.
    assert.match(page, /<p class="field__hint" id="captcha-alternative">\s*看不到或無法辨識圖片？/);
    assert.match(page, /id="captcha-alternative">[^]*?<a href="tel:07010100107">070-101-00107<\/a>/);
    const [answer] = tags(page, 'input').filter((t) => attr(t, 'id') === 'captcha');
    assert.ok(attr(answer!, 'aria-describedby')!.split(' ').includes('captcha-alternative'));
    const none = login({ captcha: null });
    assert.doesNotMatch(none, /<img|id="captcha"/);
  });

  it('error summary with role=alert only when there are errors, linking to the fields', () => {
    assert.doesNotMatch(login(), /role="alert"|error-summary|aria-invalid/);
    const page = allPages('zh-TW').loginErrors;
    const summary = /<div class="error-summary"[^>]*>/.exec(page)?.[0];
    assert.ok(summary);
    assert.equal(attr(summary, 'role'), 'alert');
    assert.equal(attr(summary, 'tabindex'), '-1');
    for (const f of ['login', 'password', 'captcha']) {
      assert.ok(page.includes(`<a href="#${f}">`), `summary links #${f}`);
      const [input] = tags(page, 'input').filter((t) => attr(t, 'id') === f);
      assert.equal(attr(input!, 'aria-invalid'), 'true');
      assert.ok(attr(input!, 'aria-describedby')!.split(' ').includes(`${f}-error`));
    }
    assert.match(page, /<li>帳號或密碼錯誤。<\/li>/, 'a form-level error has no link');
    assert.match(page, /<title>錯誤：/);
  });

  it('a captcha error without a captcha field does not link to a missing #captcha', () => {
    const page = login({ captcha: null, errors: [{ field: 'captcha', message: 'c' }] });
    assert.doesNotMatch(page, /href="#captcha"/);
    assert.match(page, /<li>c<\/li>/);
  });

  it('only the given links are shown', () => {
    assert.match(login(), /<a href="\/forgot-password">忘記教育雲端密碼<\/a>/);
    assert.doesNotMatch(login({ links: [] }), /other-options/);
  });

  it('consent: scope descriptions and approve/deny submit buttons', () => {
    const page = consentPage({
      locale: 'zh-TW',
      action: '/i/1/confirm',
      clientName: '學習平臺',
      scopes: ['openid', 'eduinfo', 'offline_access'],
      switchLocaleHref: sw,
    });
    assert.match(page, /「學習平臺」要求存取您的下列資料/);
    assert.match(page, /教育身分資訊/);
    assert.match(page, /<button[^>]* type="submit" name="decision" value="approve">同意<\/button>/);
    assert.match(page, /<button[^>]* type="submit" name="decision" value="deny">拒絕<\/button>/);
  });

  it('signed-in page signs out with a POST form', () => {
    const page = signedInPage({
      locale: 'zh-TW',
      name: '王小明',
      username: 'ming',
      logoutAction: '/logout',
      switchLocaleHref: sw,
    });
    assert.match(page, /您已登入為 王小明/);
    assert.match(
      page,
      /<form class="form" method="post" action="\/logout"><button class="button" type="submit">登出<\/button>/,
    );
  });

  it('logout confirmation carries the hidden fields and both buttons', () => {
    const page = logoutConfirmPage({
      locale: 'zh-TW',
      action: '/session/end/confirm',
      hiddenFields: { xsrf: 'abc"d' },
      switchLocaleHref: sw,
    });
    assert.match(page, /確定要登出嗎？/);
    assert.match(page, /<input type="hidden" name="xsrf" value="abc&quot;d">/);
    assert.match(page, /name="logout" value="yes">登出<\/button>/);
    assert.match(page, /<button class="button button--secondary" type="submit">取消<\/button>/);
  });

  it('error page: known titles, generic otherwise; the engine’s description in the page’s language, never its English', () => {
    const known = errorPage({
      locale: 'zh-TW',
      error: 'invalid_client',
      description: 'client is invalid',
      requestId: 'req-1234',
      at: new Date('2026-12-01T04:05:06Z'),
      switchLocaleHref: sw,
    });
    assert.match(known, /<h1 class="page-title">無法識別的應用程式<\/h1>/);
    assert.match(known, /<code>invalid_client<\/code>/);
    assert.match(known, /找不到這個應用程式，或它已停用/);
    assert.doesNotMatch(known, /client is invalid/);
    // What the helpdesk traces it by: the request id and the time, in Taiwan time.
    assert.match(known, /<dt>請求編號<\/dt>\s*<dd><code>req-1234<\/code><\/dd>/);
    assert.match(known, /<time datetime="2026-12-01T04:05:06.000Z">2026-12-01 12:05:06 \(UTC\+8\)<\/time>/);
    const redirect = errorPage({
      locale: 'en',
      error: 'invalid_redirect_uri',
      description: "redirect_uri did not match any of the client's registered redirect_uris",
      switchLocaleHref: sw,
    });
    assert.match(redirect, /does not match the ones it registered/);
    assert.doesNotMatch(redirect, /did not match any/);
    // A description no rule knows is left out, in either language; so is a request id that is not one.
    const odd = errorPage({
      locale: 'zh-TW',
      error: 'invalid_request',
      description: 'client not found',
      requestId: '<b>x</b>',
      switchLocaleHref: sw,
    });
    assert.doesNotMatch(odd, /client not found|&lt;b&gt;|<dt>請求編號/);
    // (temporarily_unavailable, the example here before, now has its own title: outages answer 503.)
    const unknown = errorPage({
      locale: 'en',
      error: 'unmet_authentication_requirements',
      switchLocaleHref: sw,
    });
    assert.match(unknown, /<h1 class="page-title">Something went wrong<\/h1>/);
    const outage = errorPage({ locale: 'zh-TW', error: 'temporarily_unavailable', switchLocaleHref: sw });
    assert.match(outage, /<h1 class="page-title">服務暫時無法使用<\/h1>/);
    const server = errorPage({
      locale: 'zh-TW',
      error: 'server_error',
      description: 'ECONNREFUSED 10.0.0.5',
      switchLocaleHref: sw,
    });
    assert.doesNotMatch(server, /ECONNREFUSED/);
    const weird = errorPage({ locale: 'zh-TW', error: '<b>call 0900</b>', switchLocaleHref: sw });
    assert.doesNotMatch(weird, /0900/);
    const hostile = errorPage({
      locale: 'zh-TW',
      error: 'invalid_request',
      description: 'missing required parameter <script>alert(1)</script>',
      switchLocaleHref: sw,
    });
    assert.match(hostile, /請求缺少必要的參數：&lt;script&gt;/);
    assert.doesNotMatch(hostile, /<script>/);
  });
});
