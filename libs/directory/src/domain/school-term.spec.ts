import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sameClassNo, schoolTermAt } from './school-term.js';

describe('schoolTermAt: the term on Taiwan\u2019s calendar', () => {
  it('semester 1 from August to January, semester 2 from February to July, in Taipei time', () => {
    assert.deepEqual(schoolTermAt(new Date('2026-12-01T04:00:00Z')), { year: '115', semester: '1' });
    assert.deepEqual(schoolTermAt(new Date('2027-01-31T12:00:00Z')), { year: '115', semester: '1' });
    // 2027-01-31T16:00Z is already 1 February in Taipei.
    assert.deepEqual(schoolTermAt(new Date('2027-01-31T16:00:00Z')), { year: '115', semester: '2' });
    assert.deepEqual(schoolTermAt(new Date('2027-07-31T15:59:59Z')), { year: '115', semester: '2' });
    assert.deepEqual(schoolTermAt(new Date('2027-07-31T16:00:00Z')), { year: '116', semester: '1' });
  });

  it('class numbers compare without leading zeros', () => {
    assert.ok(sameClassNo('05', '5'));
    assert.ok(sameClassNo('0', '00'));
    assert.ok(!sameClassNo('05', '15'));
    assert.ok(!sameClassNo('5', null));
  });
});
