import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pickLocale, type Locale } from './locale.js';

describe('pickLocale', () => {
  const table: [string | undefined, string | undefined, Locale][] = [
    [undefined, undefined, 'zh-TW'],
    ['', '', 'zh-TW'],
    ['en', undefined, 'en'],
    ['zh-TW', 'en', 'zh-TW'],
    ['en-US', 'zh-TW,zh;q=0.9', 'en'],
    ['fr de en', 'zh-TW', 'en'],
    ['fr', 'en', 'en'],
    ['ja', undefined, 'zh-TW'],
    [undefined, 'zh-Hant', 'zh-TW'],
    [undefined, 'zh-Hant-TW', 'zh-TW'],
    [undefined, 'zh', 'zh-TW'],
    [undefined, 'zh-CN', 'zh-TW'],
    [undefined, 'en-GB,en;q=0.9', 'en'],
    [undefined, 'zh-TW;q=0.5, en;q=0.8', 'en'],
    [undefined, 'en;q=0.4, zh;q=0.6', 'zh-TW'],
    [undefined, 'fr, en;q=0.1', 'en'],
    [undefined, 'en;q=0, zh-TW;q=0.1', 'zh-TW'],
    [undefined, 'de-DE, fr;q=0.9', 'zh-TW'],
    [undefined, '*', 'zh-TW'],
    [undefined, 'en;q=bogus, zh;q=0.2', 'zh-TW'],
    [undefined, 'EN-us', 'en'],
  ];
  for (const [ui, accept, expected] of table) {
    it(`ui_locales=${JSON.stringify(ui)} Accept-Language=${JSON.stringify(accept)} → ${expected}`, () => {
      assert.equal(pickLocale(ui, accept), expected);
    });
  }
});
