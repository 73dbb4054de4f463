import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTranslator, defineCatalogue } from './catalogue.js';
import { webMessages } from './web.messages.js';

const greeting = defineCatalogue({
  'zh-TW': { 'hello.title': '你好', 'hello.name': '{name} 您好' },
  en: { 'hello.title': 'Hello', 'hello.name': 'Hello, {name}' },
});
const farewell = defineCatalogue({
  'zh-TW': { 'bye.title': '再見' },
  en: { 'bye.title': 'Goodbye' },
});

describe('i18n catalogues', () => {
  it('one translator over several feature catalogues, typed by their keys', () => {
    const { t, has, dictionaries } = createTranslator(webMessages, greeting, farewell);
    assert.equal(t('zh-TW', 'hello.title'), '你好');
    assert.equal(t('en', 'bye.title'), 'Goodbye');
    assert.equal(t('en', 'service.name'), 'Education Single Sign-On Service');
    assert.equal(t('zh-TW', 'hello.name', { name: '$& {name}' }), '$& {name} 您好');
    assert.equal(t('en', 'hello.name'), 'Hello, {name}');
    assert.ok(has('bye.title'));
    assert.ok(!has('bye.nope') && !has('toString') && !has('__proto__'));
    assert.deepEqual(Object.keys(dictionaries.en).sort(), Object.keys(dictionaries['zh-TW']).sort());
    // @ts-expect-error: a key no catalogue defines does not compile
    t('zh-TW', 'hello.nope');
  });

  it('a key missing in English, or one English has and zh-TW has not, does not compile', () => {
    defineCatalogue({
      'zh-TW': { 'a.one': '一', 'a.two': '二' },
      // @ts-expect-error: 'a.two' is missing
      en: { 'a.one': 'one' },
    });
    defineCatalogue({
      'zh-TW': { 'a.one': '一' },
      // @ts-expect-error: 'a.extra' is not a zh-TW key
      en: { 'a.one': 'one', 'a.extra': 'extra' },
    });
  });

  it('two catalogues defining one key, or placeholders that differ between locales, stop the app', () => {
    assert.throws(() => createTranslator(greeting, greeting), /"hello.title" is defined by two catalogues/);
    const mismatch = defineCatalogue({
      'zh-TW': { 'x.wait': '請於 {minutes} 分鐘後再試' },
      en: { 'x.wait': 'Try again in {minute} minutes' },
    });
    assert.throws(() => createTranslator(mismatch), /"x.wait" has other placeholders in en/);
  });
});
