import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeNationalId } from '#identity-core';
import { parseGuardianLinks } from './guardian-links.parser.js';
import { parseSchoolList } from './school-list.parser.js';
import { parseTeachingAssignments } from './teaching-assignments.parser.js';

const T1 = makeNationalId('B', '2', '1000002');
const C1 = makeNationalId('A', '1', '1000001');

describe('school list', () => {
  it('reads the ministry list with its Chinese headers; school systems split; URLs get a scheme', () => {
    const parsed = parseSchoolList(
      [
        '學年度,代碼,學校名稱,縣市名稱,地址,電話,網址,學制',
        '114,074601,臺中市立示範國中,[66]臺中市,臺中市西區示範路1號,(04)2222-1234,www.example.tc.edu.tw,國民中學',
        '114,193601,臺北市立示範國小,[63]臺北市,,,https://es.example.tp.edu.tw/,國民小學|幼兒園',
      ].join('\n'),
    );
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.rows[0], {
      line: 2,
      eduid: '074601',
      name: '臺中市立示範國中',
      county: '[66]臺中市',
      year: '114',
      oid: null,
      tel: '(04)2222-1234',
      url: 'http://www.example.tc.edu.tw',
      address: '臺中市西區示範路1號',
      schoolSystems: ['國民中學'],
    });
    assert.deepEqual(parsed.rows[1]?.schoolSystems, ['國民小學', '幼兒園']);
  });

  it('reports bad codes, years, OIDs and URLs per line', () => {
    const parsed = parseSchoolList(
      [
        'eduid,schoolname,county,year,oid,url',
        '07-46,甲,臺中市,11x,1.2.x,javascript:alert(1)',
        '074601,乙,臺中市,,,',
      ].join('\n'),
    );
    assert.deepEqual(
      parsed.problems.map((p) => p.field),
      ['eduid', 'year', 'oid', 'url'],
    );
    assert.deepEqual(
      parsed.rows.map((r) => r.eduid),
      ['074601'],
    );
  });
});

describe('teaching assignments', () => {
  it('reads valid lines (Chinese headers too) and reports bad ones with their field', () => {
    const parsed = parseTeachingAssignments(
      [
        '身分證字號,學校代碼,學年度,學期,年級,班級代號,班級名稱,科目',
        `${T1},074601,115,1,3,05,三年五班,數學`,
        `${T1.slice(0, 9)}0,074601,115,1,3,05,三年五班,數學`, // check digit
        `${T1},074601,115,3,3,05,三年五班,數學`, // semester
        `${T1},074601,115,1,3,,三年五班,數學`, // class required
        `${T1},074601,115,1,3,06,,導師`,
      ].join('\n'),
    );
    assert.deepEqual(
      parsed.problems.map((p) => [p.line, p.field, p.code]),
      [
        [3, 'national_id', 'checksum'],
        [4, 'semester', 'format'],
        [5, 'class_no', 'required'],
      ],
    );
    assert.deepEqual(
      parsed.rows.map((r) => [r.line, r.classNo, r.classTitle, r.subject]),
      [
        [2, '05', '三年五班', '數學'],
        [6, '06', null, '導師'],
      ],
    );
  });
});

describe('guardian links', () => {
  it('needs two different valid national IDs and a school code', () => {
    const parsed = parseGuardianLinks(
      [
        'parent_national_id,child_national_id,school_id,relationship',
        `${T1},${C1},074601,母`,
        `${T1},${T1},074601,`,
        `${T1},${C1},x,`,
      ].join('\n'),
    );
    assert.deepEqual(
      parsed.rows.map((r) => [r.line, r.relationship]),
      [[2, '母']],
    );
    assert.deepEqual(
      parsed.problems.map((p) => [p.line, p.code]),
      [
        [3, 'same_person'],
        [4, 'format'],
      ],
    );
  });
});
