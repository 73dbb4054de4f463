import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messagePage } from '../pages/message.page.js';
import { html, raw, safeImageUrl, safeUrl } from './html.js';

describe('html helper', () => {
  it('escapes interpolations and keeps raw() and nested html as is', () => {
    // prettier-ignore
    assert.equal(html`<p title="${'"&<>\'`'}">${'<b>'}</p>`.value, '<p title="&quot;&amp;&lt;&gt;&#39;&#96;">&lt;b&gt;</p>');
    // prettier-ignore
    assert.equal(html`${raw('<b>')}${html`<i>${'<'}</i>`}`.value, '<b><i>&lt;</i>');
    // prettier-ignore
    assert.equal(html`${['<a>', html`<b>`]}${null}${undefined}${false}${0}`.value, '&lt;a&gt;<b>0');
    assert.equal(
      messagePage({ locale: 'en', title: 't', message: 'm', switchLocaleHref: '/' }).slice(0, 15),
      '<!doctype html>',
    );
  });

  it('neutralises script URLs', () => {
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:x',
      'java\tscript:x',
      'data:text/html,x',
      'vbscript:x',
    ])
      assert.equal(safeUrl(bad), '#', bad);
    for (const ok of [
      '/a?b=c',
      'https://x.example/y',
      'http://x',
      'mailto:a@b',
      'tel:070',
      'page#frag',
      '?ui_locales=en',
    ])
      assert.equal(safeUrl(ok), ok);
    assert.equal(safeImageUrl('data:image/svg+xml;base64,AAAA'), 'data:image/svg+xml;base64,AAAA');
    assert.equal(safeImageUrl('data:text/html,x'), '#');
  });
});
