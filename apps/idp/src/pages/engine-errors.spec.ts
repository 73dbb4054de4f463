import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { t } from '../i18n/index.js';
import { engineErrorText } from './engine-errors.js';

const ENGINE = fileURLToPath(new URL('../../../../../node_modules/oidc-provider/lib', import.meta.url));

/**
 * Every fixed description the engine can put on an error *page*, read from its source: the OAuth
 * errors (`new InvalidRequest('…')` …) of the authorization and end-session endpoints and the
 * default descriptions of its error classes. (Token, introspection and registration errors are
 * JSON, never a page.)
 */
function engineDescriptions(): string[] {
  const found = new Set<string>();
  const unquote = (s: string) => s.replace(/\\'/g, "'");
  const scan = (p: string) => {
    const src = readFileSync(p, 'utf8');
    for (const m of src.matchAll(/new (?!TypeError|Error|RangeError)[A-Z]\w+\('((?:[^'\\]|\\.)+)'/g))
      found.add(unquote(m[1]!));
  };
  (function walk(dir: string) {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.js')) scan(p);
    }
  })(join(ENGINE, 'actions', 'authorization'));
  scan(join(ENGINE, 'actions', 'end_session.js'));
  const errors = readFileSync(join(ENGINE, 'helpers', 'errors.js'), 'utf8');
  for (const m of errors.matchAll(/error_description = '((?:[^'\\]|\\.)+)'/g)) found.add(unquote(m[1]!));
  for (const m of errors.matchAll(/E\('[a-z_]+', '((?:[^'\\]|\\.)+)'\)/g)) found.add(unquote(m[1]!));
  return [...found];
}

describe('the engine’s error descriptions, in words', () => {
  it('knows the ones an error page shows', () => {
    const cases: [string, RegExp][] = [
      ['client is invalid', /找不到這個應用程式/],
      ["redirect_uri did not match any of the client's registered redirect_uris", /返回網址（redirect_uri）/],
      ['missing required parameter client_id', /必要的參數：client_id/],
      ['missing required parameters response_type and scope', /必要的參數：response_type, scope/],
      ['redirect_uri and scope parameters must not be provided twice', /重複出現：redirect_uri, scope/],
      ['unsupported response_type requested', /response_type/],
      ['post_logout_redirect_uri not registered', /登出後的返回網址/],
      ['could not validate id_token_hint', /id_token_hint 無效/],
      ['interaction session not found', /登入請求已失效/],
      ['Authorization Server policy requires PKCE to be used for this request', /PKCE/],
      ['requested scope is not allowed', /資料範圍（scope）/],
      ['xsrf token invalid', /登出確認已逾時/],
    ];
    for (const [description, zh] of cases) {
      const text = engineErrorText(description);
      assert.ok(text, description);
      assert.match(t('zh-TW', text.key, text.params), zh, description);
    }
  });

  it('has words for every fixed description in the engine’s source', () => {
    const all = engineDescriptions();
    assert.ok(all.length > 40, `read ${all.length} descriptions`);
    const unknown = all.filter((d) => engineErrorText(d) === null);
    assert.deepEqual(unknown, []);
  });

  it('says nothing for what it does not know', () => {
    assert.equal(engineErrorText('something new in the next release'), null);
    assert.equal(engineErrorText(undefined), null);
  });
});
