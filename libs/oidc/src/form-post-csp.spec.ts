import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { formPostCsp } from './form-post-csp.js';

const SCRIPT = 'document.forms[0].submit()';
const page = (action: string, script = SCRIPT) =>
  `<html><body><form method="post" action="${action}"><input type="hidden" name="code" value="c"></form>` +
  `<script>${script}</script></body></html>`;
const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

interface Fake {
  route?: string;
  status?: number;
  body?: unknown;
  type?: string;
  csp?: string;
  redirectUri?: unknown;
  interactionRedirectUri?: unknown;
  noOidc?: boolean;
  noParams?: boolean;
  bareInteraction?: boolean;
}

/** Runs the middleware over a response the engine "rendered"; returns the CSP it set, if any. */
async function run(f: Fake): Promise<string | undefined> {
  const headers = new Map<string, string>();
  if (f.csp) headers.set('Content-Security-Policy', f.csp);
  const ctx = {
    oidc: f.noOidc
      ? undefined
      : {
          route: f.route ?? 'authorization',
          params: f.noParams ? undefined : f.redirectUri === undefined ? {} : { redirect_uri: f.redirectUri },
          entities: {
            Interaction: f.bareInteraction
              ? {}
              : f.interactionRedirectUri === undefined
                ? undefined
                : { params: { redirect_uri: f.interactionRedirectUri } },
          },
        },
    status: f.status ?? 200,
    body: f.body ?? page('https://rp.example.tw/cb'),
    response: {
      get: (name: string) => headers.get(name) ?? '',
      is: (t: string) => (f.type ?? 'html') === t,
    },
    set: (name: string, value: string) => void headers.set(name, value),
  } as unknown as KoaContextWithOIDC;
  let nextRan = false;
  await formPostCsp()(ctx, async () => void (nextRan = true));
  assert.ok(nextRan, 'the engine renders first');
  const csp = headers.get('Content-Security-Policy');
  if (f.csp) return csp === f.csp ? undefined : csp;
  return csp;
}

describe('form_post page CSP', () => {
  it('allows exactly the inline script by hash and the form target, nothing else', async () => {
    assert.equal(
      await run({ redirectUri: 'https://rp.example.tw/cb' }),
      [
        "default-src 'none'",
        `script-src ${hash(SCRIPT)}`,
        "base-uri 'none'",
        "frame-ancestors 'none'",
        'form-action https://rp.example.tw',
      ].join('; '),
    );
  });

  it('hashes every inline script, including one spanning lines', async () => {
    const two = `${page('https://rp.example.tw/cb', 'a()\nb()')}<script>c()</script>`;
    const csp = await run({ body: two });
    assert.match(csp!, new RegExp(`script-src ${escape(hash('a()\nb()'))} ${escape(hash('c()'))};`));
  });

  it('allows no script when the page has none', async () => {
    const csp = await run({ body: '<form method="post" action="https://rp.example.tw/cb"></form>' });
    assert.match(csp!, /script-src 'none';/);
  });

  it('names both the form action and a redirect_uri on another origin (redirects after the post)', async () => {
    const csp = await run({
      body: page('https://sso.example.tw/oidc/v1/logout-to-go/confirm?a=1&amp;b=2'),
      redirectUri: 'https://rp.example.tw:8443/cb?x=1',
    });
    assert.match(csp!, /form-action https:\/\/sso\.example\.tw https:\/\/rp\.example\.tw:8443$/);
  });

  it('decodes the HTML entities of the action before taking its origin', async () => {
    const csp = await run({ body: page('&quot;https://x&#39;&lt;&gt;') });
    assert.match(csp!, /form-action 'none'$/);
    const ok = await run({ body: page('https://rp.example.tw/cb?a=1&amp;b=&lt;2&gt;&quot;&#39;') });
    assert.match(ok!, /form-action https:\/\/rp\.example\.tw$/);
    // The browser posts to the decoded URL: the CSP must name that origin, not the escaped text.
    assert.match(
      (await run({ body: page('https://a&amp;b.example/cb') }))!,
      /form-action https:\/\/a&b\.example$/,
    );
    assert.match(
      (await run({ body: page('https://a&#39;b.example/cb') }))!,
      /form-action https:\/\/a'b\.example$/,
    );
    // `<` and `>` cannot be in a host: the decoded action is no URL, so it names nothing.
    assert.match((await run({ body: page('https://a&lt;b.example/cb') }))!, /form-action 'none'$/);
    assert.match((await run({ body: page('https://a&gt;b.example/cb') }))!, /form-action 'none'$/);
    assert.match(
      (await run({ body: page('https://a&quot;b.example/cb') }))!,
      /form-action https:\/\/a"b\.example$/,
    );
  });

  it('names a custom-scheme redirect (native apps) by its scheme only', async () => {
    assert.match((await run({ body: page('tw.edu.app:/cb') }))!, /form-action tw\.edu\.app:$/);
    assert.match((await run({ body: page('com.example+x-1.y:/cb') }))!, /form-action com\.example\+x-1\.y:$/);
  });

  it('names nothing for a redirect_uri that is not a string, even one that would print as a URL', async () => {
    const csp = await run({ body: '<p></p>', redirectUri: ['https://evil.example/cb'] });
    assert.match(csp!, /form-action 'none'$/);
    const obj = { toString: () => 'https://evil.example/cb' };
    assert.match((await run({ body: '<p></p>', redirectUri: obj }))!, /form-action 'none'$/);
  });

  it("is 'none' when no target is a URL", async () => {
    assert.match((await run({ body: page('not a url'), redirectUri: 42 }))!, /form-action 'none'$/);
    assert.match(
      (await run({ body: '<p>no form</p>', redirectUri: 'relative/path' }))!,
      /form-action 'none'$/,
    );
  });

  it('at resume, takes the redirect_uri from the interaction when the request has none', async () => {
    const csp = await run({
      route: 'resume',
      body: '<form method="post" action="/x"></form><script>s()</script>',
      interactionRedirectUri: 'https://rp2.example.tw/cb',
    });
    assert.match(csp!, /form-action https:\/\/rp2\.example\.tw$/);
    const both = await run({
      route: 'resume',
      body: '<p></p>',
      redirectUri: 'https://a.example.tw/cb',
      interactionRedirectUri: 'https://b.example.tw/cb',
    });
    assert.match(both!, /form-action https:\/\/a\.example\.tw$/);
    // Before the stored parameters are loaded there are none at all; an interaction may have none either.
    const early = await run({
      route: 'resume',
      noParams: true,
      body: '<p></p>',
      interactionRedirectUri: 'https://c.example.tw/cb',
    });
    assert.match(early!, /form-action https:\/\/c\.example\.tw$/);
    const bare = await run({ route: 'resume', body: '<p></p>', noParams: true, bareInteraction: true });
    assert.match(bare!, /form-action 'none'$/);
  });

  it('leaves every other response alone', async () => {
    for (const route of ['token', 'userinfo', 'end_session', 'discovery'])
      assert.equal(await run({ route }), undefined, route);
    assert.equal(await run({ noOidc: true }), undefined);
    assert.equal(await run({ status: 300 }), undefined);
    assert.equal(await run({ status: 302 }), undefined);
    assert.equal(await run({ status: 303, route: 'resume' }), undefined);
    assert.equal(await run({ type: 'json' }), undefined);
    assert.equal(await run({ body: Buffer.from(page('https://rp.example.tw/cb')) }), undefined);
    assert.equal(await run({ csp: "default-src 'self'" }), undefined, 'an error page keeps its own policy');
  });

  it('covers pages with a status just under a redirect', async () => {
    assert.ok(await run({ status: 299 }));
  });
});

function escape(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
