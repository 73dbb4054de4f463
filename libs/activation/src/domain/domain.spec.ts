import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  formatActivationCode,
  generateActivationCode,
  normalizeActivationCode,
} from './activation-code.js';
import { CodeHasher } from './code-hasher.js';
import { maskContact, normalizeEmail, normalizePhone } from './contact.js';
import { checkPersonName } from './person-name.js';

describe('activation codes', () => {
  it('are 10 characters from an alphabet without look-alikes, and random', () => {
    assert.doesNotMatch(CODE_ALPHABET, /[01ILO]/);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const c = generateActivationCode();
      assert.equal(c.length, CODE_LENGTH);
      assert.ok([...c].every((ch) => CODE_ALPHABET.includes(ch)));
      seen.add(c);
    }
    assert.equal(seen.size, 2000);
  });

  it('normalize forgives case, dashes, spaces and full-width input, nothing else', () => {
    const c = 'ABCDE23456';
    assert.equal(formatActivationCode(c), 'ABCDE-23456');
    for (const typed of ['abcde-23456', ' ABCDE 23456 ', 'ＡＢＣＤＥ－２３４５６', 'abcde_23456'])
      assert.equal(normalizeActivationCode(typed), c, typed);
    for (const bad of ['', 'ABCDE2345', 'ABCDE234567', 'ABCDE2345O', 'ABCDE23451', 'x'.repeat(100)])
      assert.equal(normalizeActivationCode(bad), null, bad);
  });

  it('normalize takes at most 64 typed characters and nothing but a string', () => {
    const pad = (n: number) => ' '.repeat(n);
    assert.equal(normalizeActivationCode(`${pad(27)}ABCDE-23456${pad(26)}`), 'ABCDE23456');
    assert.equal(normalizeActivationCode(`${pad(27)}ABCDE-23456${pad(27)}`), null);
    for (const notAString of [undefined, null, 42, ['ABCDE23456']])
      assert.equal(normalizeActivationCode(notAString as unknown as string), null);
  });
});

describe('contacts and names', () => {
  it('normalizes email addresses and Taiwanese mobile numbers', () => {
    assert.equal(normalizeEmail(' Lin@Example.COM '), 'lin@example.com');
    for (const e of [
      'lin',
      'lin@',
      '@x.com',
      'a b@x.com',
      'a@x',
      'a@x..com',
      `${'a'.repeat(65)}@x.com`,
      'a<b>@x.com',
    ])
      assert.equal(normalizeEmail(e), null, e);
    assert.equal(normalizePhone('0912-345-678'), '0912345678');
    assert.equal(normalizePhone('+886 912 345 678'), '0912345678');
    assert.equal(normalizePhone('886912345678'), '0912345678');
    for (const p of ['02-2345-6789', '091234567', '09123456789', 'abc'])
      assert.equal(normalizePhone(p), null, p);
    assert.equal(maskContact('email', 'lin@example.com'), 'li***@example.com');
    assert.equal(maskContact('email', 'a@example.com'), 'a***@example.com');
    assert.equal(maskContact('phone', '0912345678'), '0912***678');
  });

  it('checks names: trimmed, at most 64 characters, no control characters or angle brackets', () => {
    assert.deepEqual(checkPersonName('  王  小明 '), { ok: true, value: '王 小明' });
    assert.deepEqual(checkPersonName(' '), { ok: false, reason: 'empty' });
    assert.deepEqual(checkPersonName('王'.repeat(65)), { ok: false, reason: 'too_long' });
    assert.deepEqual(checkPersonName('王\u0000明'), { ok: false, reason: 'format' });
    assert.deepEqual(checkPersonName('<script>'), { ok: false, reason: 'format' });
  });
});

describe('CodeHasher', () => {
  it('is keyed', () => {
    const a = new CodeHasher(Buffer.alloc(32, 1));
    const b = new CodeHasher(Buffer.alloc(32, 2));
    assert.match(a.activationCode('ABCDE23456'), /^[0-9a-f]{64}$/);
    assert.notEqual(a.activationCode('ABCDE23456'), b.activationCode('ABCDE23456'));
    const h = a.activationCode('ABCDE23456');
    assert.ok(CodeHasher.equal(h, a.activationCode('ABCDE23456')));
    assert.ok(!CodeHasher.equal(h, h.slice(1)));
  });

  it('hashes the same in every release: printed codes stay valid across a deploy', () => {
    // Known answers for one fixed secret: activation codes live for weeks in the database.
    const fixed = new CodeHasher(Buffer.alloc(32, 7));
    assert.equal(
      fixed.activationCode('ABCDE23456'),
      'a1ac269b246d4ef5ce4f8ce07271849c38b793c6ff5bbd95e7ba44248334fcd5',
    );
  });
});
