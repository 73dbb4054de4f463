import assert from 'node:assert/strict';
import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { CODE_PATTERN, ResetSecrets, TOKEN_PATTERN } from './reset-secrets.js';

const make = (secret = randomBytes(32)) =>
  new ResetSecrets({ secret, resetLinkUrl: 'http://x/forgot/reset', namespace: 't' });

/** Seals any JSON the way `seal` does, as an independent reference of the format. */
function sealRaw(secret: Buffer, value: unknown): string {
  const key = Buffer.from(hkdfSync('sha256', secret, 'edu-sso/password-reset', 'form-seal', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64url');
}

describe('ResetSecrets', () => {
  const s = make();

  it('tokens carry 256 random bits; codes are 6 digits', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => s.newToken()));
    assert.equal(tokens.size, 100);
    for (const t of tokens) {
      assert.match(t, TOKEN_PATTERN);
      assert.equal(Buffer.from(t, 'base64url').length, 32);
    }
    for (let i = 0; i < 100; i++) assert.match(s.newCode(), CODE_PATTERN);
  });

  it('stores codes keyed and salted: another key or another challenge gives another hash', () => {
    const h = s.hashCode('salt1', '123456');
    assert.match(h, /^[0-9a-f]{64}$/);
    assert.ok(s.codeMatches(h, 'salt1', '123456'));
    assert.ok(!s.codeMatches(h, 'salt1', '123457'));
    assert.ok(!s.codeMatches(h, 'salt2', '123456'));
    assert.notEqual(make().hashCode('salt1', '123456'), h);
  });

  it('look-alike bytes and pseudonyms are stable per key and input, and differ between keys', () => {
    const secret = randomBytes(32);
    assert.deepEqual(make(secret).lookAlikeBytes('u:x'), make(secret).lookAlikeBytes('u:x'));
    assert.notDeepEqual(make(secret).lookAlikeBytes('u:x'), make(secret).lookAlikeBytes('u:y'));
    assert.notDeepEqual(make().lookAlikeBytes('u:x'), make(secret).lookAlikeBytes('u:x'));
    assert.equal(make(secret).pseudonym('n:A'), make(secret).pseudonym('n:A'));
  });

  it('sealed state opens only unaltered, with the same key, before it expires', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const sealed = s.seal({ k: 'username', v: 'lin' }, new Date(now.getTime() + 60_000));
    assert.deepEqual(s.unseal(sealed, now), { k: 'username', v: 'lin' });
    assert.equal(s.unseal(sealed, new Date(now.getTime() + 60_000)), null, 'expired');
    assert.equal(make().unseal(sealed, now), null, 'other key');
    const flipped = Buffer.from(sealed, 'base64url');
    flipped[14]! ^= 1;
    assert.equal(s.unseal(flipped.toString('base64url'), now), null, 'altered');
    for (const junk of [undefined, 42, '', 'not base64!', 'x'.repeat(3000), 'AAAA'])
      assert.equal(s.unseal(junk, now), null);
    // Node's decoder skips characters outside the alphabet: the whole value must be base64url.
    for (const wrapped of [`!${sealed}`, `${sealed}!`, `${sealed.slice(0, 20)}.${sealed.slice(20)}`])
      assert.equal(s.unseal(wrapped, now), null, wrapped);
  });

  it('sealed state has the same length whatever identifier it holds', () => {
    const exp = new Date(Date.now() + 60_000);
    const lengths = new Set(
      ['a', 'lin.student', 'x'.repeat(64), 'A123456789'].map((v) => s.seal({ k: 'username', v }, exp).length),
    );
    assert.equal(lengths.size, 1);
  });

  it('opens only its own format: version 1, a numeric expiry and an object payload', () => {
    const secret = randomBytes(32);
    const t = make(secret);
    const now = new Date('2026-01-01T00:00:00Z');
    const exp = now.getTime() + 60_000;
    assert.deepEqual(t.unseal(sealRaw(secret, { v: 1, exp, p: { k: 'x' } }), now), { k: 'x' });
    for (const bad of [
      { v: 2, exp, p: { k: 'x' } },
      { exp, p: { k: 'x' } },
      { v: 1, exp: String(exp), p: { k: 'x' } },
      { v: 1, p: { k: 'x' } },
      { v: 1, exp, p: null },
      { v: 1, exp, p: 'x' },
      { v: 1, exp },
      null,
    ])
      assert.equal(t.unseal(sealRaw(secret, bad), now), null, JSON.stringify(bad));
  });

  it('a stored code that is not a whole hash is a wrong code, not a crash', () => {
    const h = s.hashCode('salt1', '123456');
    for (const stored of ['', h.slice(0, 10), `${h}00`])
      assert.equal(s.codeMatches(stored, 'salt1', '123456'), false);
  });

  it('derives the same keys in every release: stored codes, look-alikes and sealed forms outlive a deploy', () => {
    // Known answers for one fixed secret. If this fails, a deploy would invalidate every code in
    // flight and change the look-alike channels of unknown identifiers (which tells them apart).
    const fixed = make(Buffer.alloc(32, 7));
    assert.equal(
      fixed.hashCode('salt1', '123456'),
      '59f2573dedf054b0c26f4bd51b43e43abe9893a6aabac1847f80f581b8c0534f',
    );
    assert.equal(
      fixed.lookAlikeBytes('u:x').toString('hex'),
      '7e840f3db6c7ffd47514aa548df36cf17be0a11495dee2a826463143d5041c59',
    );
    assert.equal(fixed.pseudonym('n:A123456789'), 'd09a2d023959c63871003291c790936d');
    assert.equal(
      fixed.hashToken('token'),
      '3c469e9d6c5875d37a43f353d4f88e61fcf812c66eee3457465a40b0da4153e0',
    );
    const sealedIn2026 =
      'W-c2UHqhhYVpgodJ1Hp35ZH0z9P63dYdgvDregANFBoQjBS_WRco56qXjxXAWgVxrhr4zh6IcJM5XvC7ixXvtMIVRtOnUewIfG98icAaEUd4rO-YONS5USxyXGwqOOI_UXGZMAXw-xFPWWEzGbj8EE3WsLp7NQ4xFxfIp8W6ZDE5DN2JqrZEXATjWU1ml--DniUYkX6YenqTFpjiLNSHyMza6AvsgBfkTONRs5iFT970ofl0jIFwpV5alkXGmcVRk2sdhIjaALYpy2_uUkpNPFNgqv2X6NZmiOmOaMh7bblrAMNA6WzGWEn7UhrSRv42hw7gakU8TCfENctsOcdz-MBW0sEOMaHJpV4tXfvg19z78YBFJaE1kVhTe2E';
    assert.deepEqual(fixed.unseal(sealedIn2026, new Date('2026-01-01T00:00:00Z')), {
      k: 'username',
      v: 'lin',
    });
  });
});
