import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currentTerm, mapCountyClaims, parseClaimsMapping } from './claims-mapping.js';

const NOW = new Date('2026-12-01T04:00:00Z'); // ROC 115, first semester

describe('county claims mapping', () => {
  it('reads the national shape by default: name, eduinfo, exchangedata.personid', () => {
    const p = mapCountyClaims(
      {
        sub: 'x',
        name: ' 林小華 ',
        exchangedata: { personid: 'f123456789' },
        eduinfo: {
          schoolid: '074601',
          titles: [{ schoolid: '074601', titles: ['學生'] }],
          classinfo: [
            {
              year: '115',
              semester: '1',
              schoolid: '074601',
              grade: '3',
              classno: '07',
              classtitle: '三年七班',
            },
          ],
        },
      },
      null,
      NOW,
    );
    assert.equal(p.displayName, '林小華');
    assert.equal(p.nationalId, 'F123456789');
    assert.deepEqual(p.terms, [
      {
        schoolId: '074601',
        year: '115',
        semester: '1',
        titles: ['學生'],
        grade: '3',
        classNo: '07',
        classTitle: '三年七班',
      },
    ]);
  });

  it('titles without a class count for the current term; eduinfo sent as JSON text is read', () => {
    const p = mapCountyClaims(
      {
        eduinfo: JSON.stringify({
          schoolid: '124601',
          titles: [{ schoolid: '124601', titles: ['教師', '組長'] }],
        }),
      },
      null,
      NOW,
    );
    assert.deepEqual(p.terms, [
      {
        schoolId: '124601',
        year: '115',
        semester: '1',
        titles: ['教師', '組長'],
        grade: null,
        classNo: null,
        classTitle: null,
      },
    ]);
    assert.equal(p.displayName, null);
    assert.equal(p.nationalId, null);
  });

  it('drops what is malformed instead of trusting it', () => {
    const p = mapCountyClaims(
      {
        name: 'x'.repeat(200),
        eduinfo: {
          titles: [
            { schoolid: '../etc', titles: ['學生'] },
            { schoolid: 7, titles: 'teacher' },
          ],
          classinfo: [{ schoolid: '074601', year: 'abc', semester: '9', grade: '12345', classno: '1' }],
        },
      },
      null,
      NOW,
    );
    assert.equal(p.displayName, null);
    // schoolid 7 is read as "7"; its titles are one string; the class keeps the current term.
    assert.deepEqual(
      p.terms.map((t) => [t.schoolId, t.year, t.semester, t.grade, t.titles.join('/')]),
      [
        ['074601', '115', '1', null, ''],
        ['7', '115', '1', null, 'teacher'],
      ],
    );
  });

  it('a mapping file reshapes a flat profile (Taipei style) and renames titles', () => {
    const mapping = parseClaimsMapping({
      name: 'name',
      nationalId: 'idno',
      schoolId: 'school.id',
      titles: 'school.role',
      grade: 'school.grade',
      classNo: 'school.classno',
      titleValues: { student: '學生' },
    });
    assert.ok(mapping.ok);
    const p = mapCountyClaims(
      {
        uuid: 'u',
        name: '王小明',
        idno: 'a123456789',
        school: { id: '353601', role: 'student', grade: 5, classno: '03' },
      },
      mapping.mapping,
      NOW,
    );
    assert.equal(p.nationalId, 'A123456789');
    assert.deepEqual(p.terms, [
      {
        schoolId: '353601',
        year: '115',
        semester: '1',
        titles: ['學生'],
        grade: '5',
        classNo: '03',
        classTitle: null,
      },
    ]);
  });

  it('refuses a mapping with unknown fields or paths that are not dotted names', () => {
    const r = parseClaimsMapping({ name: 'a..b', colour: 'x', titleValues: { a: 1 } });
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.problems.map((p) => p.split(':')[0]), ['name', 'colour', 'titleValues']);
    assert.equal(parseClaimsMapping([]).ok, false);
  });

  it('the ROC school term: first semester from August, second from February (Taipei time)', () => {
    assert.deepEqual(currentTerm(new Date('2026-08-01T00:00:00+08:00')), { year: '115', semester: '1' });
    assert.deepEqual(currentTerm(new Date('2027-01-31T23:59:00+08:00')), { year: '115', semester: '1' });
    assert.deepEqual(currentTerm(new Date('2027-02-01T00:00:00+08:00')), { year: '115', semester: '2' });
    assert.deepEqual(currentTerm(new Date('2027-07-31T15:59:00Z')), { year: '115', semester: '2' });
  });
});
