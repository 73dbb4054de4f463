import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Response } from 'express';
import { html } from '../html/html.js';
import { sendPage } from '../http/send-page.js';
import { layout } from './layout.js';
import { PAGE_CSP, pageCsp, pagePolicy, renderPage, type Page, type ScriptAsset } from './page-policy.js';

/** A response that records what sendPage does to it. */
function response() {
  const sent = { status: 0, headers: {} as Record<string, string>, type: '', body: '' };
  const res = {
    status: (s: number) => ((sent.status = s), res),
    setHeader: (name: string, value: string) => ((sent.headers[name.toLowerCase()] = value), res),
    type: (t: string) => ((sent.type = t), res),
    send: (b: string) => ((sent.body = b), res),
  };
  return { res: res as unknown as Response, sent };
}

function send(page: string | Page, opts?: Parameters<typeof sendPage>[3]) {
  const { res, sent } = response();
  sendPage(res, 200, page, opts);
  return sent;
}

const SCRIPT: ScriptAsset = { src: '/assets/certificate-login.js', integrity: 'sha384-AAAA' };
const strictPage = () =>
  layout({ locale: 'zh-TW', title: 't', body: html`<p>x</p>`, switchLocaleHref: '/?ui_locales=en' });
const scriptedPolicy = pagePolicy({ scripts: [SCRIPT] });
const scriptedPage = () =>
  renderPage(scriptedPolicy, (scripts) =>
    layout({ locale: 'zh-TW', title: 't', body: html`<p>x</p>`, scripts, switchLocaleHref: '/' }),
  );
const nonceOf = (csp: string) => /script-src 'nonce-([A-Za-z0-9+/]+=*)'/.exec(csp)?.[1];

describe('per-page CSP', () => {
  it('PAGE_CSP forbids scripts and inline styles and leaves form-action to the controllers', () => {
    assert.equal(
      PAGE_CSP,
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; frame-ancestors 'none'; base-uri 'none'",
    );
  });

  it('a page that declares nothing: script-src none, form-action self, never cached, Retry-After when asked', () => {
    const sent = send(strictPage());
    assert.equal(sent.headers['content-security-policy'], `${PAGE_CSP}; form-action 'self'`);
    assert.equal(sent.headers['cache-control'], 'no-store');
    assert.equal(sent.headers['retry-after'], undefined);
    assert.equal(sent.type, 'html');
    assert.equal(send(strictPage(), { retryAfterSeconds: 90 }).headers['retry-after'], '90');
  });

  it('a page that declares a script gets a fresh nonce per response, on its script tag and in its CSP only', () => {
    const first = send(scriptedPage());
    const second = send(scriptedPage());
    const n1 = nonceOf(first.headers['content-security-policy']!);
    const n2 = nonceOf(second.headers['content-security-policy']!);
    assert.ok(n1 && n2 && n1 !== n2, 'one nonce per response');
    assert.ok(Buffer.from(n1, 'base64').length >= 16, 'at least 128 random bits');
    assert.equal(
      first.headers['content-security-policy'],
      PAGE_CSP.replace("script-src 'none'", `script-src 'nonce-${n1}'`) + "; form-action 'self'",
    );
    assert.ok(
      first.body.includes(
        `<script src="/assets/certificate-login.js" integrity="sha384-AAAA" nonce="${n1}" defer></script>`,
      ),
    );
    assert.ok(!first.body.includes(n2!) && !second.body.includes(n1));
    // The pages around it stay closed.
    const other = send(strictPage());
    assert.match(other.headers['content-security-policy']!, /script-src 'none'/);
    assert.doesNotMatch(other.headers['content-security-policy']!, /nonce|connect-src/);
    assert.doesNotMatch(other.body, /<script/);
  });

  it('a page that declares connect-src http://localhost:61161 gets exactly that addition', () => {
    const local = pagePolicy({ connect: ['http://localhost:61161'] });
    const sent = send(renderPage(local, () => strictPage()));
    assert.equal(
      sent.headers['content-security-policy'],
      `${PAGE_CSP}; connect-src 'self' http://localhost:61161; form-action 'self'`,
    );
  });

  it('frame-src and form-action additions; a response adds the origins its forms end at', () => {
    const policy = pagePolicy({ frames: ['https://hipki.example'], formAction: ['https:'] });
    assert.equal(
      pageCsp(policy, { formTargets: ['https://rp.example/cb?x=1', undefined, 'not a url', 'https:'] }),
      `${PAGE_CSP}; frame-src 'self' https://hipki.example; form-action 'self' https: https://rp.example`,
    );
    // The engine's pages (logout ends at any registered RP) keep their policy of before.
    assert.equal(
      pageCsp(pagePolicy({ formAction: ['https:', 'http://localhost:*', 'http://127.0.0.1:*'] })),
      `${PAGE_CSP}; form-action 'self' https: http://localhost:* http://127.0.0.1:*`,
    );
  });

  it('without a nonce a declared script is not allowed: the policy never opens by itself', () => {
    assert.equal(pageCsp(scriptedPolicy), `${PAGE_CSP}; form-action 'self'`);
  });

  it('refuses sources that are not plain host or scheme sources', () => {
    for (const bad of [
      "'unsafe-inline'",
      "'self'",
      '*',
      'http://a; script-src *',
      'http://a http://b',
      'http://a,b',
      'localhost:61161',
      '',
    ]) {
      assert.throws(() => pagePolicy({ connect: [bad] }), /not allowed/, bad);
      assert.throws(() => pagePolicy({ frames: [bad] }), /not allowed/, bad);
      assert.throws(() => pagePolicy({ formAction: [bad] }), /not allowed/, bad);
    }
  });
});
