import assert from 'node:assert/strict';
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { OneTimeCodeHasher, sameHash } from './one-time-code.hasher.js';
import {
  LINK_TOKEN_PATTERN,
  PAPER_CODE,
  SIX_DIGITS,
  generateCode,
  hashLinkToken,
  newLinkToken,
  readCode,
} from './one-time-code.js';

describe('one-time codes', () => {
  it('are random over their alphabet, at their length', () => {
    for (const format of [SIX_DIGITS, PAPER_CODE]) {
      const seen = new Set<string>();
      for (let i = 0; i < 500; i++) {
        const c = generateCode(format);
        assert.equal(c.length, format.length);
        assert.ok(
          [...c].every((ch) => format.alphabet.includes(ch)),
          c,
        );
        seen.add(c);
      }
      assert.ok(seen.size > 490, 'random');
    }
    assert.equal(SIX_DIGITS.alphabet, '0123456789');
    assert.doesNotMatch(PAPER_CODE.alphabet, /[01ILO]/);
    assert.equal(PAPER_CODE.alphabet.length, 31);
    // Every digit turns up: the whole alphabet is used, not a part of it.
    const digits = new Set(Array.from({ length: 300 }, () => generateCode(SIX_DIGITS)).join(''));
    assert.equal(digits.size, 10);
  });

  it('read forgives case, separators and full-width input, nothing else', () => {
    for (const typed of ['012345', ' 012 345 ', '012-345', '０１２３４５', '012_345', '012–345'])
      assert.equal(readCode(SIX_DIGITS, typed), '012345', typed);
    for (const bad of ['', '12345', '1234567', '12345a', 'a123456', '123456a', '12.345'])
      assert.equal(readCode(SIX_DIGITS, bad), null, bad);
    for (const typed of ['abcde-23456', ' ABCDE 23456 ', 'ＡＢＣＤＥ－２３４５６', 'abcde_23456'])
      assert.equal(readCode(PAPER_CODE, typed), 'ABCDE23456', typed);
    for (const bad of ['ABCDE2345', 'ABCDE234567', 'ABCDE2345O', 'ABCDE23451'])
      assert.equal(readCode(PAPER_CODE, bad), null, bad);
    for (const notAString of [undefined, null, 42, ['123456']])
      assert.equal(readCode(SIX_DIGITS, notAString), null);
  });

  it('read takes at most maxInput typed characters', () => {
    assert.equal(readCode(SIX_DIGITS, `${' '.repeat(26)}123456`), '123456');
    assert.equal(readCode(SIX_DIGITS, `${' '.repeat(27)}123456`), null);
    assert.equal(readCode(PAPER_CODE, `${' '.repeat(27)}ABCDE-23456${' '.repeat(26)}`), 'ABCDE23456');
    assert.equal(readCode(PAPER_CODE, `${' '.repeat(27)}ABCDE-23456${' '.repeat(27)}`), null);
  });

  it('link tokens carry 256 random bits and are stored as their SHA-256', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => newLinkToken()));
    assert.equal(tokens.size, 50);
    for (const t of tokens) {
      assert.match(t, LINK_TOKEN_PATTERN);
      assert.equal(Buffer.from(t, 'base64url').length, 32);
      assert.equal(hashLinkToken(t), createHash('sha256').update(t).digest('hex'));
    }
    for (const bad of ['', 'x'.repeat(42), 'x'.repeat(44), `${'x'.repeat(42)}=`, `${'x'.repeat(42)}+`])
      assert.doesNotMatch(bad, LINK_TOKEN_PATTERN);
  });
});

describe('OneTimeCodeHasher', () => {
  const secret = Buffer.alloc(32, 7);
  const make = (s = secret) =>
    new OneTimeCodeHasher(s, 'edu-sso', { a: 'activation-code/v1', c: 'contact-code/v1' });

  it('is HMAC-SHA256 under a key per purpose, derived with HKDF, bound to what the code proves', () => {
    const key = Buffer.from(hkdfSync('sha256', secret, 'edu-sso', 'contact-code/v1', 32));
    const expected = createHmac('sha256', key)
      .update(['flow', 'email', 'x@y.tw', '123456'].join('\0'))
      .digest('hex');
    assert.equal(make().hash('c', '123456', 'flow', 'email', 'x@y.tw'), expected);
    assert.notEqual(make().hash('a', '123456'), make().hash('c', '123456'));
    assert.notEqual(make().hash('c', '123456', 'flow'), make().hash('c', '123456', 'flow2'));
    assert.notEqual(make(Buffer.alloc(32, 8)).hash('a', '123456'), make().hash('a', '123456'));
    assert.notEqual(
      new OneTimeCodeHasher(secret, 'other', { a: 'activation-code/v1' }).hash('a', '123456'),
      make().hash('a', '123456'),
    );
  });

  it('hashes the same in every release (known answers)', () => {
    assert.equal(
      make().hash('a', 'ABCDE23456'),
      'a1ac269b246d4ef5ce4f8ce07271849c38b793c6ff5bbd95e7ba44248334fcd5',
    );
    assert.equal(
      make().hash('c', '123456', 'flow', 'email', 'x@y.tw'),
      '0de7fcfb82bb47a8e0d511676913ed4b74e4ad330545dbf99ac6c8a17b31ce49',
    );
  });

  it('matches in constant time, only the same code with the same binding', () => {
    const h = make().hash('c', '123456', 'flow');
    assert.ok(make().matches(h, 'c', '123456', 'flow'));
    assert.ok(!make().matches(h, 'c', '123457', 'flow'));
    assert.ok(!make().matches(h, 'c', '123456', 'flow2'));
    assert.ok(!make().matches(h, 'a', '123456', 'flow'));
    assert.ok(!make().matches(h.slice(1), 'c', '123456', 'flow'));
    assert.ok(sameHash('ab', 'ab'));
    assert.ok(!sameHash('ab', 'ac'));
    assert.ok(!sameHash('ab', 'abc'));
  });

  it('refuses a purpose it was not given', () => {
    assert.throws(() => make().hash('x' as 'a', '123456'), /unknown one-time code purpose/);
  });
});
