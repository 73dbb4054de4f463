import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fidoChecksum, hashedIdNum, verifyFidoChecksum } from './fido-checksum.js';

const KEY = Buffer.alloc(32, 1);
const FIELDS = ['4f0c…-transaction', 'edu-sso', 'A123456789', 'ATH', 'I-SCAN', 'hint', 'data'];

describe('TW FidO checksums', () => {
  it('is hex(IV ‖ AES-256-GCM(lowercase hex SHA-256 of the fields) ‖ tag), verified under the same key', () => {
    const c = fidoChecksum(FIELDS, KEY);
    assert.match(c, /^[0-9a-f]+$/);
    assert.equal(c.length, (12 + 64 + 16) * 2);
    assert.ok(verifyFidoChecksum(c, FIELDS, KEY));
  });

  it('accepts the zero IV of the specification’s reference code', () => {
    assert.ok(verifyFidoChecksum(fidoChecksum(FIELDS, KEY, Buffer.alloc(12)), FIELDS, KEY));
  });

  it('refuses another key, other fields, a changed byte, and anything that is not hex', () => {
    const c = fidoChecksum(FIELDS, KEY);
    assert.equal(verifyFidoChecksum(c, FIELDS, Buffer.alloc(32, 2)), false);
    assert.equal(
      verifyFidoChecksum(c, [...FIELDS.slice(0, 2), 'B123456789', ...FIELDS.slice(3)], KEY),
      false,
    );
    const flipped = c.slice(0, 40) + (c[40] === '0' ? '1' : '0') + c.slice(41);
    assert.equal(verifyFidoChecksum(flipped, FIELDS, KEY), false);
    assert.equal(verifyFidoChecksum('zz', FIELDS, KEY), false);
    assert.equal(verifyFidoChecksum(undefined, FIELDS, KEY), false);
  });

  it('hashed_id_num is the lowercase hex SHA-256 of the upper-case ID', () => {
    assert.equal(hashedIdNum('a123456789'), hashedIdNum('A123456789'));
    assert.match(hashedIdNum('A123456789'), /^[0-9a-f]{64}$/);
    assert.notEqual(hashedIdNum('A123456789'), hashedIdNum('B123456789'));
  });
});
