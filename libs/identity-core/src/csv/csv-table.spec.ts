import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { decodeCsv } from './csv-decoder.js';
import { CSV_LINE_MAX, readCsvTable, type CsvTableSpec } from './csv-table.js';

type Col = 'code' | 'name' | 'note';
const SPEC: CsvTableSpec<Col> = {
  columns: ['code', 'name', 'note'],
  required: ['code', 'name'],
  aliases: { 代碼: 'code', 名稱: 'name' },
  limits: { code: 6, name: 10, note: 20 },
};

describe('readCsvTable: the rules every imported CSV follows', () => {
  it('maps English and Chinese headers in any order and reports unknown columns', () => {
    const t = readCsvTable('\ufeff名稱, CODE ,extra\r\n示範國中,074601,x\r\n', SPEC);
    assert.equal(t.fatal, null);
    assert.deepEqual(t.records, [{ line: 2, values: { code: '074601', name: '示範國中', note: '' } }]);
    assert.deepEqual(t.ignoredColumns, ['extra']);
  });

  it('refuses the whole file only for an empty file, a broken header or missing/duplicate columns', () => {
    assert.equal(readCsvTable('\n , \n', SPEC).fatal?.code, 'empty');
    assert.match(readCsvTable('code,note\n1,2\n', SPEC).fatal!.message, /missing: name/);
    assert.match(readCsvTable('code,代碼,name\n', SPEC).fatal!.message, /code appears twice/);
    assert.equal(readCsvTable('"code,name\n', SPEC).fatal?.code, 'header');
  });

  it('reports each bad line with its number and field, and keeps every good line', () => {
    const text = [
      'code,name,note',
      '074601,甲校,',
      ',乙校,', // required
      '0746019,丙校,', // too long
      '074603,"丁校', // unbalanced quote: this line only
      '074604,戊校', // too few fields
      '074605,己\u0007校,', // control character
      '074606,庚校,ok',
      '',
      ',,', // a spreadsheet's empty row: skipped
      `074607,${'x'.repeat(CSV_LINE_MAX)},`,
      '074608,\ufffd校,', // undecodable bytes
    ].join('\n');
    const t = readCsvTable(text, SPEC);
    assert.deepEqual(
      t.records.map((r) => r.line),
      [2, 8],
    );
    assert.deepEqual(
      t.problems.map((p) => [p.line, p.field ?? null, p.code]),
      [
        [3, 'code', 'required'],
        [4, 'code', 'too_long'],
        [5, null, 'csv_syntax'],
        [6, null, 'columns'],
        [7, 'name', 'format'],
        [11, null, 'too_long'],
        [12, null, 'encoding'],
      ],
    );
  });

  it('reads Big5 exports through decodeCsv', () => {
    const { text, encoding } = decodeCsv(iconv.encode('代碼,名稱\n074601,臺中市立示範國中\n', 'cp950'));
    assert.equal(encoding, 'big5');
    assert.equal(readCsvTable(text, SPEC).records[0]?.values.name, '臺中市立示範國中');
  });
});
