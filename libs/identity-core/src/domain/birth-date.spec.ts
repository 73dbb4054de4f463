import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBirthDate } from './birth-date.js';

describe('parseBirthDate', () => {
  const today = new Date('2026-01-01T00:00:00Z');
  const ok = (input: string, value: string) =>
    assert.deepEqual(parseBirthDate(input, today), { ok: true, value }, input);
  const bad = (input: string, reason: string) =>
    assert.deepEqual(parseBirthDate(input, today), { ok: false, reason }, input);

  it('reads Gregorian and ROC (民國) dates, in every spelling people use', () => {
    for (const input of [
      '1996-03-15',
      '1996/3/15',
      '1996.3.15',
      '19960315',
      '85/03/15',
      '085-3-15',
      '85.3.15',
      '民國85年3月15日',
      '民國85/3/15',
      '0850315',
      '850315',
      '１９９６－０３－１５',
      ' 1996 - 03 - 15 ',
      '民國 85 年 3 月 15 日',
    ])
      ok(input, '1996-03-15');
    ok('2011-05-12', '2011-05-12');
    ok('100/05/12', '2011-05-12');
    ok('民國100/05/12', '2011-05-12');
    ok('1000512', '2011-05-12');
    ok('20110512', '2011-05-12');
    ok('99/01/31', '2010-01-31');
    ok('２０１１－０５－１２', '2011-05-12');
  });

  it('says what is wrong: missing, not a date, no such day, outside 1900..today', () => {
    bad('', 'required');
    bad('   ', 'required');
    bad('12 May 2011', 'format');
    bad('yesterday', 'format');
    bad('5/3/15', 'format');
    bad('1'.repeat(40), 'format');
    bad('x'.repeat(100), 'format');
    bad('2011-02-30', 'invalid');
    bad('2011-13-01', 'invalid');
    bad('1996-02-30', 'invalid');
    bad('96-13-01', 'invalid');
    bad('2011-00-10', 'invalid');
    bad('1899-12-31', 'out_of_range');
    bad('1850-01-01', 'out_of_range');
    bad('2026-01-02', 'out_of_range');
    bad('2027-01-01', 'out_of_range');
    for (const notAString of [undefined, null, 42]) bad(notAString as unknown as string, 'format');
  });

  it('each form must be the whole input, not a part of it', () => {
    for (const input of [
      'x1996-03-15',
      '1996-03-15x',
      'x19960315',
      '19960315x',
      'x85/03/15',
      '85/03/15x',
      'x850315',
      '850315x',
      '1996-03-15-01',
      '123456789',
      '85年3月15日日',
    ])
      bad(input, 'format');
  });

  it('accepts the range ends: 1900-01-01 and today', () => {
    ok('1900-01-01', '1900-01-01');
    ok('2026-01-01', '2026-01-01');
  });

  it('takes at most 64 typed characters', () => {
    ok(`${' '.repeat(54)}1996-03-15`, '1996-03-15');
    bad(`${' '.repeat(55)}1996-03-15`, 'format');
  });
});
