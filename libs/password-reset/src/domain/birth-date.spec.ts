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
    ])
      assert.deepEqual(parseBirthDate(input, today), { ok: true, value: '1996-03-15' }, input);
  });

  it('refuses impossible, future and odd dates', () => {
    assert.deepEqual(parseBirthDate('', today), { ok: false, problem: 'required' });
    for (const input of ['1996-02-30', '2027-01-01', '1850-01-01', 'yesterday', '1'.repeat(40), '96-13-01'])
      assert.deepEqual(parseBirthDate(input, today), { ok: false, problem: 'format' }, input);
  });
});
