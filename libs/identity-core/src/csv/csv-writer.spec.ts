import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, csvLine } from './csv-writer.js';

describe('csv writer', () => {
  it('prefixes cells a spreadsheet would run as a formula with an apostrophe', () => {
    for (const v of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])
      assert.equal(csvCell(v).replace(/^"|"$/g, '').startsWith(`'`), true, JSON.stringify(v));
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('a=b'), 'a=b');
  });

  it('quotes commas, quotes and line breaks; keeps Chinese as it is', () => {
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('line\nbreak'), '"line\nbreak"');
    assert.equal(csvCell('王小明'), '王小明');
    assert.equal(csvCell(null), '');
    assert.equal(csvLine(['a', 1, null]), 'a,1,\r\n');
  });
});
