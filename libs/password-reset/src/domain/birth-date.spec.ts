import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBirthDate } from './birth-date.js';

describe('parseBirthDate', () => {
  const today = new Date('2026-01-01T00:00:00Z');
  it('accepts western and ROC spellings', () => {
    for (const input of [
      '1996-03-15',
      '1996/3/15',
      '19960315',
      '85/03/15',
      '085-3-15',
      '民國85年3月15日',
      '0850315',
      '850315',
      '１９９６－０３－１５',
      ' 1996 - 03 - 15 ',
      '民國 85 年 3 月 15 日',
    ])
      assert.deepEqual(parseBirthDate(input, today), { ok: true, value: '1996-03-15' }, input);
  });

  it('refuses impossible, future and odd dates', () => {
    assert.deepEqual(parseBirthDate('', today), { ok: false, problem: 'required' });
    for (const input of ['1996-02-30', '2027-01-01', '1850-01-01', 'yesterday', '1'.repeat(40), '96-13-01'])
      assert.deepEqual(parseBirthDate(input, today), { ok: false, problem: 'format' }, input);
    // Each form must be the whole input, not a part of it.
    for (const input of [
      'x1996-03-15',
      '1996-03-15x',
      'x19960315',
      '19960315x',
      'x85/03/15',
      '85/03/15x',
      'x850315',
      '850315x',
    ])
      assert.deepEqual(parseBirthDate(input, today), { ok: false, problem: 'format' }, input);
  });

  it('accepts the range ends: 1900-01-01 and today', () => {
    assert.deepEqual(parseBirthDate('1900-01-01', today), { ok: true, value: '1900-01-01' });
    assert.deepEqual(parseBirthDate('1899-12-31', today), { ok: false, problem: 'format' });
    assert.deepEqual(parseBirthDate('2026-01-01', today), { ok: true, value: '2026-01-01' });
    assert.deepEqual(parseBirthDate('2026-01-02', today), { ok: false, problem: 'format' });
  });
});
