import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeNationalId } from '#identity-core';
import { identifierKey, parseResetIdentifier } from './reset-identifier.js';

describe('parseResetIdentifier', () => {
  const nid = makeNationalId('A', '1', '2345678');

  it('reads usernames in every spelling login accepts', () => {
    for (const input of ['lin.student', ' Lin.Student ', 'lin.student@mail.edu.tw', 'ｌｉｎ.student'])
      assert.deepEqual(parseResetIdentifier(input), {
        ok: true,
        identifier: { kind: 'username', value: 'lin.student' },
      });
  });

  it('reads national and resident IDs, also in lower case and full width', () => {
    assert.deepEqual(parseResetIdentifier(nid.toLowerCase()), {
      ok: true,
      identifier: { kind: 'nationalId', value: nid },
    });
    const fullWidth = [...nid].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    assert.deepEqual(parseResetIdentifier(fullWidth), {
      ok: true,
      identifier: { kind: 'nationalId', value: nid },
    });
    const resident = makeNationalId('F', '8', '1234567');
    assert.equal(parseResetIdentifier(resident).ok, true);
  });

  it('refuses malformed national IDs with their own problem', () => {
    const bad = nid.slice(0, 9) + String((Number(nid[9]) + 1) % 10);
    for (const input of [bad, 'A323456789', 'AZ12345678'])
      assert.deepEqual(parseResetIdentifier(input), { ok: false, problem: 'national_id_invalid' }, input);
  });

  it('refuses empty, oversized and impossible input before any look-up', () => {
    assert.deepEqual(parseResetIdentifier('   '), { ok: false, problem: 'required' });
    assert.deepEqual(parseResetIdentifier('a'.repeat(101)), { ok: false, problem: 'too_long' });
    // 100 characters are still read (and refused as a username only because of its shape).
    assert.deepEqual(parseResetIdentifier('a'.repeat(100)), { ok: false, problem: 'format' });
    // A longer name that ends like an ID is a username, not a (malformed) ID.
    assert.deepEqual(parseResetIdentifier(`x${nid}`), {
      ok: true,
      identifier: { kind: 'username', value: `x${nid}`.toLowerCase() },
    });
    for (const input of ['1234567890', '王小明', 'a b', 'name@gmail.com', '<script>'])
      assert.deepEqual(parseResetIdentifier(input), { ok: false, problem: 'format' }, input);
  });

  it('a username shaped like a national ID is reachable with the account domain', () => {
    assert.deepEqual(parseResetIdentifier('a123456780@mail.edu.tw'), {
      ok: true,
      identifier: { kind: 'username', value: 'a123456780' },
    });
  });

  it('identifierKey keeps the two kinds apart', () => {
    assert.equal(identifierKey({ kind: 'username', value: 'x' }), 'u:x');
    assert.equal(identifierKey({ kind: 'nationalId', value: nid }), `n:${nid}`);
  });
});
