import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { DomainError } from './errors.js';
import { BlindIndex, parseKeyring, PiiCipher } from './pii-cipher.js';

const k1 = randomBytes(32);
const k2 = randomBytes(32);

function hasCode(code: string, message?: RegExp) {
  return (e: unknown) => e instanceof DomainError && e.code === code && (!message || message.test(e.message));
}

/** Replaces token part `index` with `fn(decoded part)`, re-encoded. */
function mutatePart(token: string, index: number, fn: (b: Buffer) => Buffer): string {
  const parts = token.split('.');
  parts[index] = fn(Buffer.from(parts[index]!, 'base64url')).toString('base64url');
  return parts.join('.');
}

function flipFirstByte(b: Buffer): Buffer {
  const c = Buffer.from(b);
  c[0] = c[0]! ^ 0x01;
  return c;
}

describe('PiiCipher', () => {
  const cipher = new PiiCipher({ activeKeyId: 'k1', keys: { k1 } });

  it('round-trips ASCII, CJK, emoji and empty strings', () => {
    for (const plain of ['A123456789', '王小明', '臺北市中正區重慶南路一段122號', '👩‍🏫 teacher', '']) {
      assert.equal(cipher.decrypt(cipher.encrypt(plain)), plain);
    }
  });

  it('produces v1.<keyId>.<iv>.<ct>.<tag> with a 12-byte IV and 16-byte tag', () => {
    const token = cipher.encrypt('hello');
    const parts = token.split('.');
    assert.equal(parts.length, 5);
    assert.equal(parts[0], 'v1');
    assert.equal(parts[1], 'k1');
    assert.equal(Buffer.from(parts[2]!, 'base64url').length, 12);
    assert.equal(Buffer.from(parts[3]!, 'base64url').length, 5);
    assert.equal(Buffer.from(parts[4]!, 'base64url').length, 16);
    assert.match(token, /^[A-Za-z0-9_.-]+$/);
    assert.ok(!token.includes('hello'));
  });

  it('uses a random IV: encrypting the same value twice differs', () => {
    const a = cipher.encrypt('A123456789');
    const b = cipher.encrypt('A123456789');
    assert.notEqual(a, b);
    assert.notEqual(a.split('.')[2], b.split('.')[2]);
  });

  it('detects tampering with IV, ciphertext or tag', () => {
    const token = cipher.encrypt('A123456789');
    for (const index of [2, 3, 4]) {
      assert.throws(() => cipher.decrypt(mutatePart(token, index, flipFirstByte)), hasCode('pii_corrupt'));
    }
    // Truncated ciphertext
    assert.throws(() => cipher.decrypt(mutatePart(token, 3, (b) => b.subarray(1))), hasCode('pii_corrupt'));
  });

  it('binds the key id: relabelling a token to another known key fails', () => {
    const both = new PiiCipher({ activeKeyId: 'k1', keys: { k1, k2: k1 } }); // same key bytes, different id
    const token = both.encrypt('secret');
    const relabelled = token.replace(/^v1\.k1\./, 'v1.k2.');
    assert.throws(() => both.decrypt(relabelled), hasCode('pii_corrupt'));
  });

  it('rejects malformed tokens as pii_corrupt', () => {
    const good = cipher.encrypt('x');
    const [, , iv, ct, tag] = good.split('.');
    for (const bad of [
      '',
      'garbage',
      'v1.k1',
      `v2.k1.${iv}.${ct}.${tag}`,
      `v1.k1.${iv}.${ct}.${tag}.extra`,
      `v1.k1.${iv}.${ct}`,
      `v1.k1.${iv}.${ct}.${tag}!`,
      `v1.k1.${iv}AA.${ct}.${tag}`,
      `v1.k1.${iv}.${ct}.${tag!.slice(0, 10)}`,
      `v1..${iv}.${ct}.${tag}`,
    ]) {
      // "malformed", not "failed authentication": an operator can tell truncation from tampering.
      assert.throws(() => cipher.decrypt(bad), hasCode('pii_corrupt', /malformed/), bad);
    }
    for (const notAString of [undefined, null, 42, {}])
      assert.throws(
        () => cipher.decrypt(notAString as unknown as string),
        hasCode('pii_corrupt', /malformed/),
      );
  });

  it('refuses a token that authenticates but does not hold UTF-8 (encrypt never makes one)', () => {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', k1, iv, { authTagLength: 16 });
    c.setAAD(Buffer.from('v1.k1', 'utf8'));
    const ct = Buffer.concat([c.update(Buffer.from([0x41, 0xff, 0xfe])), c.final()]);
    const token = ['v1', 'k1', iv, ct, c.getAuthTag()]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
    assert.throws(() => cipher.decrypt(token), hasCode('pii_corrupt'));
  });

  it('throws pii_key_unknown for a key id not in the keyring', () => {
    const other = new PiiCipher({ activeKeyId: 'k9', keys: { k9: k2 } });
    const token = other.encrypt('A123456789');
    assert.throws(
      () => cipher.decrypt(token),
      (e: unknown) => hasCode('pii_key_unknown', /k9/)(e) && (e as DomainError).details?.['keyId'] === 'k9',
    );
  });

  it('never puts plaintext or key material in error messages', () => {
    const plain = 'A123456789';
    const token = cipher.encrypt(plain);
    const wrongKey = new PiiCipher({ activeKeyId: 'k1', keys: { k1: k2 } });
    try {
      wrongKey.decrypt(token);
      assert.fail('expected decrypt to throw');
    } catch (e) {
      assert.ok(e instanceof DomainError);
      assert.equal(e.code, 'pii_corrupt');
      assert.match(e.message, /failed authentication/);
      // Which key was tried is safe to log and tells the operator which keyring entry is wrong.
      assert.deepEqual(e.details, { keyId: 'k1' });
      const text = `${e.message} ${JSON.stringify(e.details)} ${String(e.stack)}`;
      assert.ok(!text.includes(plain));
      assert.ok(!text.includes(k1.toString('base64')) && !text.includes(k2.toString('base64')));
    }
  });

  it('supports key rotation', () => {
    const old = new PiiCipher({ activeKeyId: 'k1', keys: { k1 } });
    const token = old.encrypt('王小明');
    assert.equal(old.needsRotation(token), false);

    const rotated = new PiiCipher({ activeKeyId: 'k2', keys: { k1, k2 } });
    assert.equal(rotated.decrypt(token), '王小明');
    assert.equal(rotated.needsRotation(token), true);

    const reencrypted = rotated.encrypt(rotated.decrypt(token));
    assert.equal(reencrypted.split('.')[1], 'k2');
    assert.equal(rotated.needsRotation(reencrypted), false);
    assert.equal(rotated.decrypt(reencrypted), '王小明');
    // The old keyring cannot read data written under k2.
    assert.throws(() => old.decrypt(reencrypted), hasCode('pii_key_unknown'));
  });

  it('validates the keyring in the constructor', () => {
    assert.throws(
      () => new PiiCipher({ activeKeyId: 'k2', keys: { k1 } }),
      hasCode('pii_keyring_invalid', /active PII key "k2" is not in the keyring/),
    );
    assert.throws(() => new PiiCipher({ activeKeyId: 'k1', keys: {} }), hasCode('pii_keyring_invalid'));
    assert.throws(
      () => new PiiCipher({ activeKeyId: 'k1', keys: { k1: randomBytes(16) } }),
      hasCode('pii_keyring_invalid', /PII key k1 must be 32 bytes/),
    );
    // A wrong-length inactive key is also refused: it would fail later, at the worst moment.
    assert.throws(
      () => new PiiCipher({ activeKeyId: 'k1', keys: { k1, old: randomBytes(31) } }),
      hasCode('pii_keyring_invalid'),
    );
    assert.throws(
      () => new PiiCipher({ activeKeyId: 'k.1', keys: { 'k.1': k1 } }),
      hasCode('pii_keyring_invalid', /PII key id "k\.1" must match/),
    );
  });

  it('copies key buffers so later caller mutation has no effect', () => {
    const key = Buffer.from(k1);
    const c = new PiiCipher({ activeKeyId: 'k1', keys: { k1: key } });
    const token = c.encrypt('x');
    key.fill(0);
    assert.equal(c.decrypt(token), 'x');
  });
});

describe('BlindIndex', () => {
  const index = new BlindIndex(k1);

  it('is deterministic hex SHA-256 output', () => {
    const a = index.compute('national_id', 'A123456789');
    assert.equal(a, index.compute('national_id', 'A123456789'));
    assert.match(a, /^[0-9a-f]{64}$/);
    assert.notEqual(a, index.compute('national_id', 'A123456780'));
  });

  it('separates purposes', () => {
    assert.notEqual(index.compute('national_id', 'A123456789'), index.compute('student_no', 'A123456789'));
    // No concatenation ambiguity between purpose and value.
    assert.notEqual(index.compute('ab', 'c'), index.compute('a', 'bc'));
  });

  it('depends on the key', () => {
    const other = new BlindIndex(k2);
    assert.notEqual(other.compute('national_id', 'A123456789'), index.compute('national_id', 'A123456789'));
  });

  it('validates key and purpose', () => {
    assert.throws(() => new BlindIndex(randomBytes(16)), hasCode('blind_index_key_invalid', /32 bytes/));
    for (const purpose of ['', 'National_ID', 'a\0b', 'a b', 'x'.repeat(65)]) {
      assert.throws(
        () => index.compute(purpose, 'v'),
        hasCode('blind_index_purpose_invalid', /invalid blind index purpose/),
        purpose,
      );
    }
  });
});

describe('parseKeyring', () => {
  const b1 = k1.toString('base64');
  const b2 = k2.toString('base64url');

  it('parses entries; the first one is active', () => {
    const ring = parseKeyring(`k2:${b1},k1:${b2}`);
    assert.equal(ring.activeKeyId, 'k2');
    assert.deepEqual(Object.keys(ring.keys), ['k2', 'k1']);
    assert.ok(ring.keys['k2']!.equals(k1));
    assert.ok(ring.keys['k1']!.equals(k2));
    // Usable as-is by PiiCipher.
    const c = new PiiCipher(ring);
    assert.equal(c.decrypt(c.encrypt('ok')), 'ok');
  });

  it('tolerates whitespace around entries', () => {
    const ring = parseKeyring(` k1 : ${b1} ,\n k2:${b2} `);
    assert.equal(ring.activeKeyId, 'k1');
    assert.deepEqual(Object.keys(ring.keys), ['k1', 'k2']);
  });

  it('keeps odd key ids as ordinary entries', () => {
    const ring = parseKeyring(`__proto__:${b1}`);
    assert.equal(ring.activeKeyId, '__proto__');
    assert.ok(Object.hasOwn(ring.keys, '__proto__'));
    assert.equal(new PiiCipher(ring).needsRotation(new PiiCipher(ring).encrypt('x')), false);
  });

  const bad: [string, string, RegExp][] = [
    ['', 'empty', /empty/],
    ['   ', 'blank', /empty/],
    [undefined as unknown as string, 'unset', /empty/],
    [`k1${b1}`, 'missing colon', /entry 1: expected/],
    [`:${b1}`, 'empty key id', /entry 1: key id/],
    [`k.1:${b1}`, 'dot in key id', /entry 1: key id/],
    [`k1:${b1},k1:${b2}`, 'duplicate id', /entry 2: duplicate key id k1/],
    [`k1:${b1},`, 'trailing comma', /entry 2/],
    [`k1:`, 'empty key', /entry 1 \(k1\): key is not base64/],
    [`k1:not base64!`, 'not base64', /entry 1 \(k1\): key is not base64/],
    // Node's decoder would skip the junk and still find 32 bytes: the pattern must cover the whole key.
    [`k1:!!${b1}`, 'junk before a valid key', /entry 1 \(k1\): key is not base64/],
    [`k1:${randomBytes(16).toString('base64')}`, 'short key', /must decode to 32 bytes, got 16/],
    [`k1:${b1},k2:${randomBytes(33).toString('base64')}`, 'long second key', /entry 2 \(k2\): .*got 33/],
  ];
  for (const [spec, label, message] of bad) {
    it(`rejects ${label} without leaking key material`, () => {
      assert.throws(
        () => parseKeyring(spec),
        (e: unknown) => {
          assert.ok(e instanceof DomainError);
          assert.equal(e.code, 'pii_keyring_invalid');
          assert.match(e.message, message);
          assert.ok(!e.message.includes(b1) && !e.message.includes(b2));
          return true;
        },
      );
    });
  }
});
