import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { CODE_PATTERN, ResetSecrets, TOKEN_PATTERN } from './reset-secrets.js';

const make = (secret = randomBytes(32)) =>
  new ResetSecrets({ secret, resetLinkUrl: 'http://x/forgot/reset', namespace: 't' });

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
  });
});
