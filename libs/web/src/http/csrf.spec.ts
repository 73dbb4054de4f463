import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Request, Response } from 'express';
import { resolveWebOptions } from '../web.options.js';
import { cookiePolicy, WebCookies } from './cookies.js';
import { CsrfService } from './csrf.js';

/** A request carrying `cookie`, and a response that collects Set-Cookie headers. */
function exchange(cookie?: string) {
  const setCookies: string[] = [];
  const req = { headers: cookie ? { cookie } : {} } as unknown as Request;
  const res = { append: (_name: string, value: string) => setCookies.push(value) } as unknown as Response;
  return { req, res, setCookies };
}

/** A browser's first visit: the cookie it is given and the form field it is shown. */
function visit(csrf: CsrfService) {
  const { req, res, setCookies } = exchange();
  const field = csrf.token(req, res);
  return { cookie: setCookies[0]!.split(';')[0]!, field };
}

describe('CsrfService (signed double-submit cookie)', () => {
  const options = resolveWebOptions({
    cookieKeys: ['test-only-cookie-key-0000000000000000'],
    cookies: cookiePolicy({ publicUrl: 'http://localhost:3000', production: false }),
  });
  const csrf = new CsrfService(options, new WebCookies(options));

  it('accepts the field with the cookie it was made for', () => {
    const a = visit(csrf);
    assert.match(a.cookie, /^edu_csrf=[A-Za-z0-9_-]{43}$/);
    assert.equal(csrf.valid(exchange(a.cookie).req, a.field), true);
    // A later page for the same browser keeps its cookie and field.
    const again = exchange(a.cookie);
    assert.equal(csrf.token(again.req, again.res), a.field);
    assert.deepEqual(again.setCookies, []);
  });

  it('refuses a valid cookie sent with a wrong, foreign or missing field', () => {
    const a = visit(csrf);
    const b = visit(csrf);
    const { req } = exchange(a.cookie);
    for (const wrong of [
      b.field,
      a.field.slice(0, -1) + (a.field.endsWith('A') ? 'B' : 'A'),
      a.cookie.split('=')[1],
      '',
      'x'.repeat(500),
      undefined,
      ['x'],
      { a: 1 },
    ])
      assert.equal(csrf.valid(req, wrong), false, JSON.stringify(wrong));
  });

  it('refuses any field without a well-formed cookie', () => {
    const a = visit(csrf);
    assert.equal(csrf.valid(exchange().req, a.field), false);
    assert.equal(csrf.valid(exchange('edu_csrf=short').req, a.field), false);
    assert.equal(csrf.valid(exchange('other=1').req, a.field), false);
  });
});
