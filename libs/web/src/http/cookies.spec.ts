import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Request, Response } from 'express';
import { resolveWebOptions } from '../web.options.js';
import { cookiePolicy, readCookie, WebCookies } from './cookies.js';

function jar(publicUrl: string, production = false) {
  const set: string[] = [];
  const res = { append: (_name: string, value: string) => set.push(value) } as unknown as Response;
  const options = resolveWebOptions({
    cookieKeys: ['k'.repeat(32)],
    cookies: cookiePolicy({ publicUrl, production }),
  });
  return { cookies: new WebCookies(options), res, set };
}

describe('cookies', () => {
  it('Secure when the app is reached over https or runs in production; always SameSite=Lax', () => {
    assert.deepEqual(cookiePolicy({ publicUrl: 'https://sso.example', production: false }), {
      secure: true,
      sameSite: 'lax',
    });
    assert.deepEqual(cookiePolicy({ publicUrl: 'http://127.0.0.1:3000', production: false }), {
      secure: false,
      sameSite: 'lax',
    });
    assert.equal(cookiePolicy({ production: true }).secure, true);
    assert.equal(cookiePolicy({ production: false }).secure, false);
  });

  it('names session cookies __Host- exactly when they are Secure (host-only, Path=/)', () => {
    const secure = jar('https://admin.example');
    assert.equal(secure.cookies.hostName('edu_admin'), '__Host-edu_admin');
    secure.cookies.set(secure.res, secure.cookies.hostName('edu_admin'), 'id');
    assert.deepEqual(secure.set, ['__Host-edu_admin=id; Path=/; HttpOnly; SameSite=Lax; Secure']);
    assert.equal(jar('http://127.0.0.1:3001').cookies.hostName('edu_admin'), 'edu_admin');
  });

  it('sets and clears HttpOnly cookies with the policy, as the flows always had them', () => {
    const plain = jar('http://localhost:3000');
    plain.cookies.set(plain.res, 'edu_csrf', 'abc');
    plain.cookies.set(plain.res, 'edu_apply', 'tok-_1', { path: '/apply', maxAgeSeconds: 1800 });
    plain.cookies.clear(plain.res, 'edu_apply', { path: '/apply' });
    assert.deepEqual(plain.set, [
      'edu_csrf=abc; Path=/; HttpOnly; SameSite=Lax',
      'edu_apply=tok-_1; Path=/apply; Max-Age=1800; HttpOnly; SameSite=Lax',
      'edu_apply=; Path=/apply; Max-Age=0; HttpOnly; SameSite=Lax',
    ]);
    const tls = jar('https://sso.example');
    tls.cookies.set(tls.res, 'edu_activation', 'v', { path: '/activate', maxAgeSeconds: 60 });
    assert.deepEqual(tls.set, [
      'edu_activation=v; Path=/activate; Max-Age=60; HttpOnly; SameSite=Lax; Secure',
    ]);
  });

  it('refuses a name, value or path that could end the header or add an attribute', () => {
    const { cookies, res, set } = jar('http://localhost');
    for (const [name, value, path] of [
      ['a;b', 'v', '/'],
      ['a', 'v; Domain=evil.example', '/'],
      ['a', 'v\r\nSet-Cookie: x=1', '/'],
      ['a', 'v', '/; Secure'],
      ['a', 'v', 'relative'],
    ])
      assert.throws(() => cookies.set(res, name!, value!, { path }), /cookie/, `${name} ${value} ${path}`);
    assert.deepEqual(set, []);
  });

  it('reads one cookie from the header', () => {
    const req = (cookie?: string) =>
      ({ headers: cookie === undefined ? {} : { cookie } }) as unknown as Request;
    assert.equal(readCookie(req('a=1; edu_apply=tok; b=2'), 'edu_apply'), 'tok');
    assert.equal(readCookie(req('xedu_apply=tok'), 'edu_apply'), undefined);
    assert.equal(readCookie(req(), 'edu_apply'), undefined);
  });
});
