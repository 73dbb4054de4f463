import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hash as rawHash, type Algorithm, type Version } from '@node-rs/argon2';
import { DomainError } from './errors.js';
import { parseArgon2Params, PasswordHasher } from './password-hasher.js';

// Small memory keeps the suite fast; one test below uses the production defaults.
const fast = { memoryCost: 1024, timeCost: 2, parallelism: 1 };
const hasher = new PasswordHasher(fast);

const isUnsupported = (e: unknown) =>
  e instanceof DomainError &&
  e.code === 'password_hash_unsupported' &&
  /not a valid argon2 hash/.test(e.message);

describe('PasswordHasher', () => {
  it('produces argon2id PHC strings with the configured parameters', async () => {
    const encoded = await hasher.hash('correct horse');
    assert.match(encoded, /^\$argon2id\$v=19\$m=1024,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
  });

  it('salts: the same password hashes differently each time', async () => {
    assert.notEqual(await hasher.hash('same password'), await hasher.hash('same password'));
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const encoded = await hasher.hash('correct horse');
    assert.deepEqual(await hasher.verify(encoded, 'correct horse'), { ok: true, needsRehash: false });
    assert.deepEqual(await hasher.verify(encoded, 'correct horsE'), { ok: false, needsRehash: false });
    assert.deepEqual(await hasher.verify(encoded, ''), { ok: false, needsRehash: false });
  });

  it('handles Chinese passwords and NFKC-equivalent input', async () => {
    const encoded = await hasher.hash('我的密碼很安全喔');
    assert.equal((await hasher.verify(encoded, '我的密碼很安全喔')).ok, true);
    assert.equal((await hasher.verify(encoded, '我的密碼很安全')).ok, false);
    // Full-width input from a CJK IME matches its ASCII form.
    const ascii = await hasher.hash('Pass1234');
    assert.equal((await hasher.verify(ascii, 'Ｐａｓｓ１２３４')).ok, true);
  });

  for (const [label, current] of [
    ['memoryCost', { ...fast, memoryCost: 2048 }],
    ['timeCost', { ...fast, timeCost: 3 }],
    ['parallelism', { ...fast, parallelism: 2 }],
  ] as const) {
    it(`asks for a rehash when ${label} changed, and only on success`, async () => {
      const old = await hasher.hash('pw-to-upgrade');
      const upgraded = new PasswordHasher(current);
      assert.deepEqual(await upgraded.verify(old, 'pw-to-upgrade'), { ok: true, needsRehash: true });
      assert.deepEqual(await upgraded.verify(old, 'wrong'), { ok: false, needsRehash: false });
      const fresh = await upgraded.hash('pw-to-upgrade');
      assert.deepEqual(await upgraded.verify(fresh, 'pw-to-upgrade'), { ok: true, needsRehash: false });
    });
  }

  it('asks for a rehash of argon2i hashes', async () => {
    const argon2i = await rawHash('legacy', { ...fast, algorithm: 1 as Algorithm });
    assert.match(argon2i, /^\$argon2i\$/);
    assert.deepEqual(await hasher.verify(argon2i, 'legacy'), { ok: true, needsRehash: true });
  });

  it('asks for a rehash of pre-1.3 (v=16) hashes', async () => {
    const v16 = await rawHash('legacy', { ...fast, algorithm: 2 as Algorithm, version: 0 as Version });
    assert.doesNotMatch(v16, /\$v=19\$/);
    assert.deepEqual(await hasher.verify(v16, 'legacy'), { ok: true, needsRehash: true });
  });

  it('throws password_hash_unsupported for non-argon2 or corrupt stored hashes', async () => {
    const good = await hasher.hash('x');
    for (const bad of [
      '',
      'plaintext',
      '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy',
      good.replace('$argon2id$', '$argon3$'),
      good.slice(0, good.lastIndexOf('$')),
      `${good.slice(0, good.lastIndexOf('$'))}$!!!!`,
      '$argon2id$v=19$m=1024,t=2,p=1$YQ$aGFzaA', // well-formed, but a 1-byte salt native code refuses
    ]) {
      await assert.rejects(hasher.verify(bad, 'x'), isUnsupported, bad);
    }
  });

  it('does not put the stored hash in the error', async () => {
    const bcrypt = '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';
    await assert.rejects(
      hasher.verify(bcrypt, 'x'),
      (e: unknown) => e instanceof Error && !e.message.includes(bcrypt),
    );
  });

  it('dummyVerify always resolves to false', async () => {
    assert.equal(await hasher.dummyVerify('anything'), false);
    assert.equal(await hasher.dummyVerify(''), false);
  });

  it('validates its options', () => {
    for (const bad of [
      { memoryCost: 4 },
      { memoryCost: 1024.5 },
      { timeCost: 0 },
      { parallelism: 0 },
      { parallelism: 256 },
      { memoryCost: 8, parallelism: 2 },
      { timeCost: 2 ** 32 },
    ]) {
      assert.throws(
        () => new PasswordHasher(bad),
        (e) => e instanceof DomainError && e.code === 'password_hasher_invalid' && /argon2/.test(e.message),
        JSON.stringify(bad),
      );
    }
    // The bounds themselves are allowed (255 lanes need 8 KiB each).
    assert.equal(
      new PasswordHasher({ parallelism: 255, memoryCost: 8 * 255, timeCost: 1 }).options.parallelism,
      255,
    );
  });
});

describe('PasswordHasher with production defaults', () => {
  it('uses m=19456, t=2, p=1 and the dummy costs about as much as a real verification', async () => {
    const h = new PasswordHasher();
    assert.deepEqual({ ...h.options }, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
    const encoded = await h.hash('S3cure passphrase');
    assert.match(encoded, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.deepEqual(await h.verify(encoded, 'S3cure passphrase'), { ok: true, needsRehash: false });

    await h.dummyVerify('warm-up'); // make sure the dummy hash exists before timing
    const time = async (fn: () => Promise<unknown>) => {
      const samples: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = process.hrtime.bigint();
        await fn();
        samples.push(Number(process.hrtime.bigint() - t));
      }
      return samples.sort((a, b) => a - b)[1]!; // median
    };
    const real = await time(() => h.verify(encoded, 'wrong password'));
    const dummy = await time(() => h.dummyVerify('wrong password'));
    // Loose bounds: this guards against a dummy that skips the work (or uses other parameters),
    // not against scheduler noise.
    assert.ok(dummy > real / 3 && dummy < real * 3, `real ${real}ns, dummy ${dummy}ns`);
  });
});

describe('parseArgon2Params', () => {
  it('parses PHC strings', () => {
    assert.deepEqual(parseArgon2Params('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g'), {
      algorithm: 'argon2id',
      version: 19,
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
    });
    assert.deepEqual(parseArgon2Params('$argon2i$m=4096,t=3,p=2$c2FsdHNhbHQ$aGFzaGhhc2g'), {
      algorithm: 'argon2i',
      version: 16,
      memoryCost: 4096,
      timeCost: 3,
      parallelism: 2,
    });
  });

  it('reads multi-digit costs and skips extra parameters such as keyid or data', () => {
    assert.deepEqual(
      parseArgon2Params('$argon2id$v=19$m=65536,t=10,p=16,keyid=a1,data=b2$c2FsdHNhbHQ$aGFzaGhhc2g'),
      {
        algorithm: 'argon2id',
        version: 19,
        memoryCost: 65536,
        timeCost: 10,
        parallelism: 16,
      },
    );
  });

  it('returns null for anything else', () => {
    for (const s of [
      '',
      '$argon2id$v=19$m=1,t=2$a$b',
      '$scrypt$ln=15,r=8,p=1$a$b',
      '$argon2id$v=19$m=x,t=2,p=1$a$b',
      'x$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
      '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g!',
    ]) {
      assert.equal(parseArgon2Params(s), null, s);
    }
  });
});
