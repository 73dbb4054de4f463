import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { localeSwitchHref } from '#web';
import { dictionaries, t } from './index.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n', () => {
  it('en and zh-TW have the same keys and the same placeholders', () => {
    const zh = dictionaries['zh-TW'];
    const en = dictionaries.en;
    assert.deepEqual(Object.keys(en).sort(), Object.keys(zh).sort());
    for (const key of Object.keys(zh) as (keyof typeof zh)[])
      assert.deepEqual(placeholders(en[key]), placeholders(zh[key]), key);
  });

  it('interpolates {name} params and leaves unknown placeholders visible', () => {
    assert.equal(t('zh-TW', 'signedIn.as', { name: '王小明' }), '您已登入為 王小明');
    assert.equal(t('zh-TW', 'errors.lockedWait', { minutes: 15 }), '登入失敗次數過多，請於 15 分鐘後再試。');
    assert.equal(t('en', 'signedIn.as'), 'You are signed in as {name}');
    assert.equal(
      t('zh-TW', 'consent.intro', { client: '$& {client}' }),
      '「$& {client}」要求存取您的下列資料：',
    );
  });

  it('texts from the service', () => {
    assert.equal(t('zh-TW', 'service.name'), '教育體系單一簽入服務');
    assert.equal(t('zh-TW', 'service.account'), '教育雲端帳號');
    assert.equal(t('zh-TW', 'errors.invalidCredentials'), '帳號或密碼錯誤。');
    assert.match(
      t('zh-TW', 'layout.fraudNotice'),
      /^防詐騙提醒：教育部及教育雲端帳號服務人員不會向您索取密碼或驗證碼。$/,
    );
  });

  it('localeSwitchHref points at the other locale on the same path', () => {
    assert.equal(localeSwitchHref('/interaction/x', 'zh-TW'), '/interaction/x?ui_locales=en');
    assert.equal(localeSwitchHref('/interaction/x', 'en'), '/interaction/x?ui_locales=zh-TW');
  });
});
