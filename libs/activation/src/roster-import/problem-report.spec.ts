import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CSV_BOM, csvLine } from '#identity-core';
import type { RosterProblem } from '../roster/roster-parser.js';
import { problemReportCsv } from './problem-report.js';

describe('problemReportCsv', () => {
  it('writes a BOM, the header and one CRLF line per problem; plain cells as they are', () => {
    const csv = problemReportCsv([
      { line: 4, field: 'national_id', code: 'invalid', message: '身分證字號格式不正確' },
      { line: 6, code: 'too_many', message: 'at most 5 titles, got 6' },
    ]);
    assert.equal(
      csv,
      '\uFEFFline,field,code,message\r\n4,national_id,invalid,身分證字號格式不正確\r\n' +
        '6,,too_many,"at most 5 titles, got 6"\r\n',
    );
  });

  it('neutralises cells a spreadsheet would run as a formula, as identity-core’s csvCell does', () => {
    const problems: RosterProblem[] = [
      { line: 2, field: 'name', code: 'invalid', message: '=HYPERLINK("http://evil.example","點我")' },
      { line: 3, field: 'titles', code: '@bad', message: '+1' },
      { line: 5, code: 'x', message: '-2\r\nsecond line' },
      { line: 7, code: 'y', message: '\tTAB' },
    ];
    const csv = problemReportCsv(problems);
    assert.equal(
      csv,
      CSV_BOM +
        csvLine(['line', 'field', 'code', 'message']) +
        problems.map((p) => csvLine([p.line, p.field ?? '', p.code, p.message])).join(''),
    );
    const lines = csv.slice(1).split('\r\n');
    assert.equal(lines[1], `2,name,invalid,"'=HYPERLINK(""http://evil.example"",""點我"")"`);
    assert.equal(lines[2], `3,titles,'@bad,'+1`);
    assert.equal(lines[3], `5,,x,"'-2`);
    assert.equal(lines[5], `7,,y,'\tTAB`);
  });
});
