import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from './errors.js';
import {
  isValidNationalId,
  makeNationalId,
  maskNationalId,
  nationalIdLast4,
  normalizeNationalId,
  parseNationalId,
} from './national-id.js';

/**
 * Independent reference for the check digit, using the classic trick that the letter
 * codes 10..35 follow this order. Keeps the tests from merely echoing the implementation.
 */
const ORDER = 'ABCDEFGHJKLMNPQRSTUVXYWZIO';
function referenceCheckDigit(first9: string): string {
  const code = ORDER.indexOf(first9[0]!) + 10;
  const second = 'ABCD'.includes(first9[1]!) ? (ORDER.indexOf(first9[1]!) + 10) % 10 : Number(first9[1]);
  const digits = [second, ...first9.slice(2).split('').map(Number)];
  const sum = Math.floor(code / 10) + (code % 10) * 9 + digits.reduce((s, d, i) => s + d * (8 - i), 0);
  return String((10 - (sum % 10)) % 10);
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

// Precomputed outside this code base (prefix `<L>12345678`), one per letter.
// prettier-ignore
const KNOWN_NATIONAL: Record<string, string> = {
  A: 'A123456789', B: 'B123456780', C: 'C123456781', D: 'D123456782', E: 'E123456783',
  F: 'F123456784', G: 'G123456785', H: 'H123456786', I: 'I123456781', J: 'J123456787',
  K: 'K123456788', L: 'L123456788', M: 'M123456789', N: 'N123456780', O: 'O123456782',
  P: 'P123456781', Q: 'Q123456782', R: 'R123456783', S: 'S123456784', T: 'T123456785',
  U: 'U123456786', V: 'V123456787', W: 'W123456789', X: 'X123456787', Y: 'Y123456788',
  Z: 'Z123456780',
};

describe('national ID: every area letter', () => {
  for (const letter of LETTERS) {
    it(`${letter}: computed IDs are valid and agree with the reference`, () => {
      for (const sex of ['1', '2']) {
        const id = makeNationalId(letter, sex, '2345678');
        assert.equal(id.slice(9), referenceCheckDigit(id.slice(0, 9)));
        assert.deepEqual(parseNationalId(id), { ok: true, value: id, kind: 'national' });
      }
      assert.equal(makeNationalId(letter, '1', '2345678'), KNOWN_NATIONAL[letter]);
      assert.ok(isValidNationalId(KNOWN_NATIONAL[letter]!));
    });
  }
});

describe('parseNationalId', () => {
  const valid: [string, string, string][] = [
    // [input, normalized value, kind]
    ['A123456789', 'A123456789', 'national'],
    ['A200000003', 'A200000003', 'national'],
    ['Z200000004', 'Z200000004', 'national'],
    ['a123456789', 'A123456789', 'national'],
    ['  A123456789\t', 'A123456789', 'national'],
    ['\u3000A123456789\n', 'A123456789', 'national'], // full-width space around is still "surrounding whitespace"
    ['AA23456787', 'AA23456787', 'resident-old'],
    ['AB23456789', 'AB23456789', 'resident-old'],
    ['AC23456781', 'AC23456781', 'resident-old'],
    ['AD23456783', 'AD23456783', 'resident-old'],
    ['FA00000013', 'FA00000013', 'resident-old'],
    ['fd00000019', 'FD00000019', 'resident-old'],
    ['A823456783', 'A823456783', 'resident-new'],
    ['A923456785', 'A923456785', 'resident-new'],
    ['Z800000097', 'Z800000097', 'resident-new'],
    ['Z900000099', 'Z900000099', 'resident-new'],
  ];
  for (const [input, value, kind] of valid) {
    it(`accepts ${JSON.stringify(input)} as ${kind}`, () => {
      assert.deepEqual(parseNationalId(input), { ok: true, value, kind });
      assert.equal(isValidNationalId(input), true);
    });
  }

  const invalid: [string, 'empty' | 'format' | 'checksum', string][] = [
    ['', 'empty', 'empty string'],
    ['   ', 'empty', 'whitespace only'],
    ['A123456788', 'checksum', 'wrong check digit'],
    ['A123456780', 'checksum', 'wrong check digit (0)'],
    ['AA23456788', 'checksum', 'old resident, wrong check digit'],
    ['A823456784', 'checksum', 'new resident, wrong check digit'],
    ['B123456789', 'checksum', 'letter changed'],
    ['A1234 56789', 'format', 'inner space'],
    ['A12345678', 'format', '9 characters'],
    ['A1234567890', 'format', '11 characters'],
    ['A323456789', 'format', 'second digit 3'],
    ['A423456789', 'format', 'second digit 4'],
    ['A523456789', 'format', 'second digit 5'],
    ['A623456789', 'format', 'second digit 6'],
    ['A723456789', 'format', 'second digit 7'],
    ['A023456789', 'format', 'second digit 0'],
    ['AE23456789', 'format', 'old resident second letter beyond D'],
    ['1123456789', 'format', 'no leading letter'],
    ['A１23456789', 'format', 'full-width digit'],
    ['Ａ123456789', 'format', 'full-width letter'],
    ['A12345678９', 'format', 'full-width check digit'],
    ['A-123456789', 'format', 'punctuation'],
    ['A12345678٩', 'format', 'Arabic-Indic digit'],
  ];
  for (const [input, reason, label] of invalid) {
    it(`rejects ${label} (${JSON.stringify(input)}) with reason ${reason}`, () => {
      assert.deepEqual(parseNationalId(input), { ok: false, reason });
      assert.equal(isValidNationalId(input), false);
    });
  }

  it('catches every single-digit change at positions whose weight is coprime to 10', () => {
    // Weights 8, 6, 5, 4, 2 share a factor with 10, so the scheme itself misses some changes
    // there (e.g. A123456789 → A128456789 stays valid). Positions 3, 7, 9, 10 (weights 7, 3, 1, 1) catch all.
    const id = 'A123456789';
    for (const pos of [2, 6, 8, 9]) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === id[pos]) continue;
        const bad = id.slice(0, pos) + d + id.slice(pos + 1);
        assert.equal(isValidNationalId(bad), false, bad);
      }
    }
  });
});

describe('normalizeNationalId', () => {
  it('trims and uppercases only', () => {
    assert.equal(normalizeNationalId('  a123456789 '), 'A123456789');
    assert.equal(normalizeNationalId('a1234 56789'), 'A1234 56789');
    assert.equal(normalizeNationalId('ａ123'), 'Ａ123'); // no width folding
  });
});

describe('maskNationalId', () => {
  it('shows the first 2 and last 3 characters', () => {
    assert.equal(maskNationalId('A123456789'), 'A1*****789');
    assert.equal(maskNationalId('ab23456789'), 'AB*****789');
    assert.equal(maskNationalId(' A823456783 '), 'A8*****783');
  });
  it('masks malformed values completely', () => {
    assert.equal(maskNationalId('A1234'), '*****');
    assert.equal(maskNationalId(''), '');
  });
});

describe('nationalIdLast4', () => {
  it('returns the last four characters', () => {
    assert.equal(nationalIdLast4('A123456789'), '6789');
    assert.equal(nationalIdLast4('fd00000019'), '0019');
  });
  it('throws a DomainError on malformed input', () => {
    assert.throws(
      () => nationalIdLast4('A12'),
      (e) => e instanceof DomainError && e.code === 'national_id_invalid' && /national ID/.test(e.message),
    );
  });
  it('refuses a well-formed number with characters before or after it, in each of the three formats', () => {
    for (const v of [
      'XA123456789',
      'A1234567890',
      'XAB12345678',
      'AB123456789',
      'XA812345678',
      'A8123456789',
    ]) {
      assert.throws(() => nationalIdLast4(v), DomainError, v);
      assert.deepEqual(parseNationalId(v), { ok: false, reason: 'format' }, v);
    }
  });
});

describe('makeNationalId', () => {
  it('appends the reference check digit for every allowed second character', () => {
    for (const second of ['1', '2', 'A', 'B', 'C', 'D', '8', '9']) {
      for (const seven of ['0000000', '9999999', '3141592']) {
        const id = makeNationalId('K', second, seven);
        assert.equal(id, `K${second}${seven}${referenceCheckDigit(`K${second}${seven}`)}`);
        assert.ok(isValidNationalId(id), id);
      }
    }
  });
  it('rejects arguments that cannot form a number', () => {
    const cases: [string, string, string][] = [
      ['a', '1', '2345678'],
      ['A', '3', '2345678'],
      ['A', '1', '234567'],
      ['A', '1', '23456789'],
      ['AB', '1', '234567'], // concatenates to a well-formed prefix, but the arguments are wrong
      ['xA', '1', '2345678'],
      ['Ax', '1', '2345678'],
      ['A', 'x1', '2345678'],
      ['A', '1x', '2345678'],
    ];
    for (const [letter, second, seven] of cases) {
      assert.throws(
        () => makeNationalId(letter, second, seven),
        (e) => e instanceof DomainError && e.code === 'national_id_invalid' && /expected/.test(e.message),
        `${letter},${second},${seven}`,
      );
    }
  });
});
