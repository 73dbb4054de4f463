import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError, ValidationFailed } from './errors.js';
import {
  commonPasswords,
  normalizePassword,
  PasswordPolicy,
  type PasswordContext,
} from './password-policy.js';

const policy = new PasswordPolicy();

describe('PasswordPolicy: length', () => {
  it('defaults to 8..128', () => {
    assert.equal(policy.minLength, 8);
    assert.equal(policy.maxLength, 128);
  });

  it('refuses short passwords', () => {
    assert.deepEqual(policy.check('Zq8#xLm'), ['too_short']);
    assert.deepEqual(policy.check(''), ['too_short']);
    assert.deepEqual(policy.check('Zq8#xLmP'), []);
  });

  it('counts Chinese passwords in code points', () => {
    assert.deepEqual(policy.check('我的密碼很安全喔'), []); // 8 characters
    assert.deepEqual(policy.check('密碼很安全喔'), ['too_short']); // 6 characters, 6 UTF-16 units
    // Astral-plane characters are two UTF-16 units each but one character.
    const astral = '𠀀𠀁𠀂𠀃𠀄𠀅𠀆'; // 7 code points, 14 UTF-16 units
    assert.equal(astral.length, 14);
    assert.deepEqual(policy.check(astral), ['too_short']);
    assert.deepEqual(new PasswordPolicy({ minLength: 4, maxLength: 8 }).check(`${astral}𠀈`), []);
  });

  it('accepts long passphrases and refuses beyond maxLength', () => {
    const sixtyFour = 'Quiet mornings at Sun Moon Lake taste like oolong and rain. 2024';
    assert.equal(sixtyFour.length, 64);
    assert.deepEqual(policy.check(sixtyFour), []);
    assert.deepEqual(policy.check('x'.repeat(127) + 'y'), []);
    assert.deepEqual(policy.check('x'.repeat(128) + 'y'), ['too_long']);
    assert.deepEqual(policy.check('密'.repeat(129)), ['too_long']);
  });

  it('has no composition rules', () => {
    for (const pw of ['alllowercaseletters', 'ALLUPPERCASELETTERS', '90210837465', '臺灣黑熊在玉山上散步']) {
      assert.deepEqual(policy.check(pw), [], pw);
    }
  });

  it('validates its options', () => {
    assert.throws(() => new PasswordPolicy({ minLength: 0 }), DomainError);
    assert.throws(() => new PasswordPolicy({ minLength: 8.5 }), DomainError);
    assert.throws(() => new PasswordPolicy({ minLength: 20, maxLength: 10 }), DomainError);
    assert.equal(new PasswordPolicy({ minLength: 12 }).maxLength, 128);
  });
});

describe('PasswordPolicy: common passwords', () => {
  it('loads a blocklist of at least 10,000 entries once', () => {
    const list = commonPasswords();
    assert.ok(list.size >= 10_000, `only ${list.size} entries`);
    assert.equal(commonPasswords(), list);
    assert.ok(list.has('password'));
  });

  for (const pw of ['password', '12345678', 'iloveyou', 'PassWord', 'ILOVEYOU', 'qwertyuiop', '1qaz2wsx']) {
    it(`refuses ${pw}`, () => {
      assert.ok(policy.check(pw).includes('common'));
    });
  }

  it('refuses full-width forms of common passwords (NFKC)', () => {
    assert.deepEqual(policy.check('ｐａｓｓｗｏｒｄ'), ['common']);
    assert.deepEqual(policy.check('１２３４５６７８'), ['common']);
    assert.equal(normalizePassword('ｐａｓｓｗｏｒｄ'), 'password');
  });

  it('reports both length and blocklist problems', () => {
    assert.deepEqual(policy.check('123456'), ['too_short', 'common']);
  });
});

describe('PasswordPolicy: context words', () => {
  const cases: [string, PasswordContext, string, boolean][] = [
    // [label, context, password, refused?]
    ['username as is', { username: 'chen1234' }, 'chen1234', true],
    ['username, case-insensitive, short suffix', { username: 'chen1234' }, 'CHEN1234!!', true],
    ['username with a long remainder', { username: 'chen1234' }, 'chen1234 loves rainy days', false],
    ['school username, local part', { username: 's1100234@mail.edu.tw' }, 's1100234xy', true],
    ['school username, full', { username: 's1100234@mail.edu.tw' }, 'S1100234@mail.edu.tw', true],
    ['username shorter than 4 is ignored', { username: 'ann' }, 'annannann', false],
    ['email local part', { email: 'kevin.lee@gmail.com' }, 'kevin.lee!!', true],
    ['email domain is not context', { email: 'kl@gmail.com' }, 'gmail.com', false],
    ['Latin name part', { name: 'Kevin Lee' }, 'Kevin123', true],
    ['Latin name joined', { name: 'Kevin Lee' }, 'kevinlee', true],
    ['Latin name part below 4 letters', { name: 'Kevin Lee' }, 'lee12345', false],
    ['Latin name part inside a long password', { name: 'Kevin Lee' }, 'kevin rides to Hualien', false],
    ['CJK full name repeated', { name: '王小明' }, '王小明王小明王小明', true],
    ['CJK full name plus digits', { name: '王小明' }, '王小明0000', false],
    ['CJK full name (spaced) plus 3 digits', { name: '王 小明' }, '王小明000', true],
    ['CJK given name repeated', { name: '王 小明' }, '小明小明小明', true],
    ['CJK two-character name', { name: '林杰' }, 'abc林杰林杰', true],
    ['CJK name inside a sentence', { name: '王小明' }, '王小明愛吃臺南牛肉湯', false],
    ['Indigenous name parts', { name: '瓦歷斯·諾幹' }, '諾幹諾幹諾幹諾幹', true],
    ['national ID anywhere', { nationalId: 'A123456789' }, 'my id is A123456789, ok?', true],
    ['national ID lowercase', { nationalId: 'A123456789' }, 'xxa123456789', true],
    ['national ID given lowercase', { nationalId: ' a123456789 ' }, 'A123456789zz', true],
    ['national ID digits anywhere', { nationalId: 'A123456789' }, 'pw-123456789-pw', true],
    ['resident cert digits', { nationalId: 'AB23456789' }, 'secret23456789', true],
    ['birth date YYYYMMDD anywhere', { birthDate: '1996-03-15' }, 'happy birthday 19960315', true],
    ['birth date ISO anywhere', { birthDate: '1996-03-15' }, 'born 1996-03-15 in Tainan', true],
    ['birth date ROC 6 digits anywhere', { birthDate: '1996-03-15' }, 'roc850315 is my day', true],
    ['birth date ROC 7 digits anywhere', { birthDate: '1996-03-15' }, 'roc0850315 is my day', true],
    ['birth date YYMMDD anywhere', { birthDate: '1996-03-15' }, 'tainan960315xyz', true],
    ['ROC year ≥ 100', { birthDate: '2012-01-02' }, 'kid1010102kid', true],
    ['ROC year 99 both forms', { birthDate: '2010-01-02' }, 'kid990102kid', true],
    ['MMDD when mostly that', { birthDate: '1996-03-15' }, '03150315', true],
    ['MMDD inside a longer password', { birthDate: '1996-03-15' }, 'Tainan0315', false],
    ['username + MMDD together', { username: 'chen', birthDate: '1996-03-15' }, 'chen0315', true],
    ['username + MMDD + 4 more', { username: 'chen', birthDate: '1996-03-15' }, 'chen0315wxyz', false],
    ['malformed birth date ignored', { birthDate: '1996/03/15' }, 'happy19960315', false],
    ['impossible birth date ignored', { birthDate: '1996-13-15' }, 'happy19961315', false],
    [
      'empty fields ignored',
      { username: '', name: '', email: '', nationalId: '', birthDate: '' },
      'anything',
      false,
    ],
  ];
  for (const [label, context, password, refused] of cases) {
    it(`${refused ? 'refuses' : 'allows'}: ${label}`, () => {
      assert.equal(policy.check(password, context).includes('contains_context'), refused, password);
    });
  }

  it('reports contains_context alongside other problems', () => {
    assert.deepEqual(policy.check('zqxw', { username: 'zqxw' }), ['too_short', 'contains_context']);
  });
});

describe('PasswordPolicy.assert', () => {
  it('returns quietly for an acceptable password', () => {
    assert.doesNotThrow(() => policy.assert('Quiet mornings at Sun Moon Lake', { username: 'chen1234' }));
  });

  it('throws ValidationFailed listing each problem on the password field', () => {
    assert.throws(
      () => policy.assert('chen1234', { username: 'chen1234' }),
      (e: unknown) => {
        assert.ok(e instanceof ValidationFailed);
        assert.equal(e.code, 'validation_failed');
        assert.deepEqual(e.problems, [{ field: 'password', code: 'contains_context' }]);
        return true;
      },
    );
    assert.throws(
      () => policy.assert('1234567'),
      (e: unknown) =>
        e instanceof ValidationFailed &&
        JSON.stringify(e.problems) ===
          JSON.stringify([
            { field: 'password', code: 'too_short' },
            { field: 'password', code: 'common' },
          ]),
    );
  });
});
