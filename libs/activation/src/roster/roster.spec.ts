import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { makeNationalId } from '#identity-core';
import { decodeRoster } from './roster-decoder.js';
import { parseRoster } from './roster-parser.js';

const HEADER = 'national_id,name,birth_date,school_id,titles,grade,class_no,class_title,year,semester';
const ID1 = makeNationalId('A', '1', '2345678');
const ID2 = makeNationalId('B', '2', '3456789');
const today = new Date('2026-01-01T00:00:00Z');

describe('decodeRoster', () => {
  const text = `${HEADER}\n${ID1},王小明,2011-05-12,074601,學生,3,05,三年五班,114,1\n`;

  it('reads UTF-8 with and without a BOM', () => {
    assert.deepEqual(decodeRoster(Buffer.from(text, 'utf8')), { text, encoding: 'utf-8' });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    assert.deepEqual(decodeRoster(bom), { text, encoding: 'utf-8' });
  });

  it('reads Big5 (CP950) exports and UTF-16 with a BOM', () => {
    assert.deepEqual(decodeRoster(iconv.encode(text, 'cp950')), { text, encoding: 'big5' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    assert.deepEqual(decodeRoster(utf16), { text, encoding: 'utf-16le' });
  });

  it('bytes that are neither become U+FFFD, which the parser reports per line', () => {
    const bad = Buffer.concat([
      Buffer.from(`${HEADER}\n${ID1},`, 'latin1'),
      Buffer.from([0xff, 0xff]),
      Buffer.from(',2011-05-12,074601,學生,3,05,x,114,1\n', 'latin1'),
    ]);
    const { text: decoded, encoding } = decodeRoster(bad);
    assert.equal(encoding, 'big5');
    const parsed = parseRoster(decoded, today);
    assert.equal(parsed.rows.length, 0);
    assert.equal(parsed.problems[0]?.line, 2);
    assert.equal(parsed.problems[0]?.code, 'encoding');
  });
});

describe('parseRoster', () => {
  it('parses rows, titles split on | and 、, ROC birth dates, quoted fields', () => {
    const r = parseRoster(
      [
        HEADER,
        `${ID1},王小明,2011-05-12,074601,學生,3,05,三年五班,114,1`,
        `${ID2.toLowerCase()}, "林, 美玲" ,74/09/01,074601,教師|教務主任,,,,114,1`,
        `${makeNationalId('C', '1', '1111111')},陳老師,1980-01-02,074601,教師、導師,,,,114,2`,
        ',,,,,,,,,',
        '',
      ].join('\r\n'),
      today,
    );
    assert.deepEqual(r.problems, []);
    assert.equal(r.fatal, null);
    assert.deepEqual(
      r.rows.map((x) => [x.line, x.nationalId, x.name, x.birthDate, x.titles, x.grade, x.classTitle]),
      [
        [2, ID1, '王小明', '2011-05-12', ['學生'], '3', '三年五班'],
        [3, ID2, '林, 美玲', '1985-09-01', ['教師', '教務主任'], null, null],
        [4, makeNationalId('C', '1', '1111111'), '陳老師', '1980-01-02', ['教師', '導師'], null, null],
      ],
    );
  });

  it('accepts columns in any order, Chinese header names, and ignores unknown columns', () => {
    const r = parseRoster(
      `學年度,學期,身分證字號,姓名,出生日期,學校代碼,身分,備註\n114,1,${ID1},王小明,2011-05-12,074601,學生,轉入生`,
      today,
    );
    assert.equal(r.fatal, null);
    assert.equal(r.rows[0]?.nationalId, ID1);
    assert.deepEqual(r.ignoredColumns, ['備註']);
  });

  it('refuses a file without the header row or required columns', () => {
    assert.equal(parseRoster('', today).fatal?.code, 'empty');
    assert.match(
      parseRoster(`${ID1},王小明,2011-05-12,074601,學生,3,05,x,114,1`, today).fatal!.message,
      /missing/,
    );
    assert.match(parseRoster('national_id,name,national_id', today).fatal!.message, /twice|missing/);
  });

  it('reports each bad line with its number and reason, and keeps the good ones', () => {
    const lines = [
      HEADER,
      `${ID1},王小明,2011-05-12,074601,學生,3,05,三年五班,114,1`, // 2 ok
      'A123456788,王大明,2011-05-12,074601,學生,3,05,x,114,1', // 3 checksum
      '1234,王大明,2011-05-12,074601,學生,3,05,x,114,1', // 4 format
      `${ID2},"未結束的引號,2011-05-12,074601,學生,3,05,x,114,1`, // 5 csv syntax
      `${ID2},王大明,2011-02-30,074601,學生,3,05,x,114,1`, // 6 date
      `${ID2},王大明,2011-05-12,074601,學生,3,05`, // 7 columns
      `${ID2},${'王'.repeat(65)},2011-05-12,074601,學生,3,05,x,114,1`, // 8 too long
      `${ID2},王大明,2011-05-12,074601,,3,05,x,114,1`, // 9 titles required
      `${ID2},王大明,2011-05-12,07,學生,3,05,x,114,3`, // 10 school + semester
      `${ID2},王大明,2011-05-12,074601,學生,3,05,x,114,1`, // 11 ok (after the broken quote)
      'x'.repeat(3000), // 12 too long line
    ];
    const r = parseRoster(lines.join('\n'), today);
    assert.deepEqual(
      r.rows.map((x) => x.line),
      [2, 11],
    );
    const got = r.problems.map((p) => `${p.line}:${p.field ?? ''}:${p.code}`);
    assert.deepEqual(got, [
      '3:national_id:checksum',
      '4:national_id:format',
      '5::csv_syntax',
      '6:birth_date:birth_date_invalid',
      '7::columns',
      '8:name:too_long',
      '9:titles:required',
      '10:school_id:format',
      '10:semester:format',
      '12::too_long',
    ]);
    for (const p of r.problems) assert.ok(p.message.length > 5, p.code);
  });
});
