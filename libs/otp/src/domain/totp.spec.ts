import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base32Decode, hotp, totpCode } from '#test-support';
import { groupSecret, matchTotp, newTotpSecret, totpStep, totpUri } from './totp.js';

describe('TOTP (RFC 6238) with otpauth, checked against an independent implementation', () => {
  it('the test implementation gives the RFC 6238 appendix B values (SHA-1)', () => {
    const key = Buffer.from('12345678901234567890');
    // T = 59 s → 94287082 (8 digits); the 6-digit code is its last six.
    assert.equal(hotp(key, Math.floor(59 / 30), 8), '94287082');
    assert.equal(hotp(key, Math.floor(1111111109 / 30), 8), '07081804');
    assert.equal(hotp(key, Math.floor(2000000000 / 30), 8), '69279037');
  });

  it('makes 160-bit base32 secrets and accepts the current code and its neighbours (±1 step), nothing further', () => {
    const secret = newTotpSecret();
    assert.equal(base32Decode(secret).length, 20);
    const at = new Date('2026-12-01T04:00:10Z');
    const now = totpStep(at);
    assert.equal(matchTotp(secret, totpCode(secret, at), at), now);
    assert.equal(matchTotp(secret, totpCode(secret, at, -1), at), now - 1);
    assert.equal(matchTotp(secret, totpCode(secret, at, 1), at), now + 1);
    for (const off of [-3, -2, 2, 3]) {
      const code = totpCode(secret, at, off);
      // A neighbour two steps away could collide with the current window's codes (1 in 10^6).
      if ([-1, 0, 1].some((o) => totpCode(secret, at, o) === code)) continue;
      assert.equal(matchTotp(secret, code, at), null, `offset ${off}`);
    }
  });

  it('reads spaces and full-width digits, refuses anything else', () => {
    const secret = newTotpSecret();
    const at = new Date();
    const code = totpCode(secret, at);
    assert.notEqual(matchTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, at), null);
    const wide = code.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    assert.notEqual(matchTotp(secret, wide, at), null);
    for (const bad of ['', '12345', '1234567', 'abcdef', `${code}0`])
      assert.equal(matchTotp(secret, bad, at), null);
  });

  it('publishes an otpauth:// URI with the issuer, account, SHA1, 6 digits and 30 s period', () => {
    const secret = newTotpSecret();
    const uri = new URL(totpUri(secret, { issuer: '教育雲端帳號', account: 'lin.student' }));
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.host, 'totp');
    assert.equal(uri.searchParams.get('secret'), secret);
    assert.equal(uri.searchParams.get('issuer'), '教育雲端帳號');
    assert.equal(uri.searchParams.get('algorithm'), 'SHA1');
    assert.equal(uri.searchParams.get('digits'), '6');
    assert.equal(uri.searchParams.get('period'), '30');
    assert.match(decodeURIComponent(uri.pathname), /lin\.student/);
    assert.equal(groupSecret('ABCDEFGHIJ'), 'ABCD EFGH IJ');
  });
});
