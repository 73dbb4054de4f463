import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACCOUNT_DOMAIN, checkUsername, foldLogin, normalizeLogin, unknownLoginKey } from './username.js';

describe('normalizeLogin: what was typed → the stored username, or nothing', () => {
  it('accepts a username as typed, or with the account domain', () => {
    assert.equal(ACCOUNT_DOMAIN, 'mail.edu.tw');
    assert.equal(normalizeLogin('lin.student'), 'lin.student');
    assert.equal(normalizeLogin('lin.student@mail.edu.tw'), 'lin.student');
    assert.equal(normalizeLogin('a_b-c.9'), 'a_b-c.9');
  });

  it('folds case, full-width IME input, surrounding spaces and invisible characters', () => {
    assert.equal(normalizeLogin('  Lin.Student@MAIL.EDU.TW \t'), 'lin.student');
    assert.equal(normalizeLogin('ｓｘ１２３'), 'sx123');
    assert.equal(normalizeLogin('ｓｘ１２３＠ｍａｉｌ．ｅｄｕ．ｔｗ'), 'sx123');
    for (const invisible of ['\u200b', '\u200d', '\u200e', '\u202e', '\ufeff', '\u00ad', '\u0000', '\n'])
      assert.equal(normalizeLogin(`lin${invisible}student`), 'linstudent', JSON.stringify(invisible));
    assert.equal(
      normalizeLogin('\u200bs\u200bx\u200b1\u200b'),
      'sx1',
      'every invisible character, not the first',
    );
  });

  it('refuses look-alikes instead of letting a collation match them', () => {
    for (const lookAlike of [
      'ŝx123',
      'sé',
      'se\u0301',
      'ѕx123',
      'lin student',
      'lin+tag',
      'lin/..',
      'ß',
      'ǆ',
    ])
      assert.equal(normalizeLogin(lookAlike), null, lookAlike);
  });

  it('refuses another domain, an empty name or an empty domain', () => {
    assert.equal(normalizeLogin('lin@gmail.com'), null);
    assert.equal(normalizeLogin('lin@mail.edu.tw.evil'), null);
    assert.equal(normalizeLogin('lin@'), null);
    assert.equal(normalizeLogin('@mail.edu.tw'), null);
    assert.equal(normalizeLogin(''), null);
    assert.equal(normalizeLogin('   '), null);
  });

  it('splits at the last @, so a name cannot smuggle one in', () => {
    assert.equal(normalizeLogin('a@b@mail.edu.tw'), null);
    assert.equal(normalizeLogin('lin@mail.edu.tw@mail.edu.tw'), null);
  });

  it('admits at most 64 characters', () => {
    assert.equal(normalizeLogin('a'.repeat(64)), 'a'.repeat(64));
    assert.equal(normalizeLogin('a'.repeat(65)), null);
    assert.equal(normalizeLogin(`${'a'.repeat(64)}@mail.edu.tw`), 'a'.repeat(64));
    assert.equal(normalizeLogin('a'), 'a');
  });

  it('coerces a non-string (a malformed form field) instead of throwing', () => {
    assert.equal(normalizeLogin(['lin'] as unknown as string), 'lin');
    assert.equal(normalizeLogin(42 as unknown as string), '42');
  });
});

describe('foldLogin and unknownLoginKey: what unknown logins are counted under', () => {
  it('folds without judging: look-alikes stay distinct, invisible characters and case do not', () => {
    assert.equal(foldLogin(' ＡBc\u200b@Gmail.com '), 'abc@gmail.com');
    assert.equal(foldLogin('ŝx'), 'ŝx');
    assert.equal(foldLogin('\tx\u0007'), 'x');
  });

  it('counts every spelling of one username under the same key', () => {
    const key = unknownLoginKey('ghost.user');
    for (const spelling of [
      'GHOST.USER',
      'ghost.user@mail.edu.tw',
      'ｇｈｏｓｔ．ｕｓｅｒ',
      ' ghost.\u200buser ',
    ])
      assert.equal(unknownLoginKey(spelling), key, spelling);
    assert.equal(unknownLoginKey('ghost@gmail.com'), 'ghost@gmail.com');
    assert.equal(unknownLoginKey('Ŝx'), 'ŝx');
  });
});

describe('checkUsername: choosing a username', () => {
  it('accepts 4–32 characters starting with a letter and ending with a letter or digit', () => {
    for (const ok of ['abcd', 'lin.student', 'a_b-c9', 'x'.repeat(32), 'ab.c', 'a1b2'])
      assert.equal(checkUsername(ok), null, ok);
  });

  it('refuses other shapes', () => {
    const bad = [
      'abc',
      'x'.repeat(33),
      '1abc',
      '.abc',
      'abc.',
      'abc-',
      'abc_',
      'Abcd',
      'ab..cd',
      'ab cd',
      'abçd',
    ];
    bad.push('abcd\n', '\nabcd', 'ab@cd');
    for (const b of bad) assert.equal(checkUsername(b), 'format', JSON.stringify(b));
  });

  it('refuses reserved names', () => {
    for (const r of [
      'admin',
      'root',
      'system',
      'support',
      'helpdesk',
      'postmaster',
      'hostmaster',
      'webmaster',
    ])
      assert.equal(checkUsername(r), 'reserved', r);
    for (const r of ['administrator', 'abuse', 'security', 'noreply', 'no-reply', 'oidcservice', 'test'])
      assert.equal(checkUsername(r), 'reserved', r);
    assert.equal(checkUsername('admins'), null);
  });
});
