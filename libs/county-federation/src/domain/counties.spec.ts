import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalCountyName, countyLabel, countyRank, TAIWAN_COUNTIES } from './counties.js';

describe('Taiwan counties', () => {
  it('lists all 22, north to south, then the east and the islands', () => {
    assert.equal(TAIWAN_COUNTIES.length, 22);
    assert.ok(countyRank('臺北市') < countyRank('臺中市'));
    assert.ok(countyRank('高雄市') < countyRank('花蓮縣'));
    assert.equal(countyRank('連江縣'), 21);
    assert.equal(countyRank('火星市'), 22, 'unknown names come last');
  });

  it('台 and 臺 are the same county; labels have English', () => {
    assert.equal(canonicalCountyName(' 台南市'), '臺南市');
    assert.equal(countyRank('台中市'), countyRank('臺中市'));
    assert.deepEqual(countyLabel('臺中市'), { 'zh-TW': '臺中市', en: 'Taichung City' });
  });
});
