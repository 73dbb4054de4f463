import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AccountEntity, AffiliationEntity, PiiService } from '#identity-core';
import { accountClaims, buildEduInfo, educloudRoles } from './account-claims.js';

const ISSUER = 'https://sso.example.edu.tw';

function affiliation(over: Partial<AffiliationEntity>): AffiliationEntity {
  return {
    id: 'af',
    accountId: 'a1',
    schoolId: '000000',
    year: '113',
    semester: '1',
    titles: [],
    grade: null,
    classNo: null,
    classTitle: null,
    createdAt: new Date(0),
    ...over,
  } as AffiliationEntity;
}

function account(over: Partial<AccountEntity> = {}): AccountEntity {
  return {
    id: 'a1',
    sub: '7b1c1b58-2d2e-4b8c-9d4c-1a2b3c4d5e6f',
    username: 'lin.student',
    displayName: '林小明',
    givenName: '小明',
    familyName: '林',
    email: 'lin@example.edu.tw',
    emailVerified: true,
    phone: '0912345678',
    phoneVerified: false,
    nationalIdCipher: 'enc(A123456789)',
    status: 'active',
    affiliations: [],
    ...over,
  } as AccountEntity;
}

/** A PiiService that records what it decrypted. */
function pii() {
  const decrypted: string[] = [];
  const service = {
    decrypt: (c: string) => {
      decrypted.push(c);
      return c.replace(/^enc\((.*)\)$/, '$1');
    },
    guid: (id: string) => `guid(${id})`,
  } as unknown as PiiService;
  return { service, decrypted };
}

describe('accountClaims', () => {
  it('gives exactly the wanted claims, with sub always', () => {
    const p = pii();
    const a = account();
    assert.deepEqual(accountClaims(a, p.service, ISSUER, ['name', 'email']), {
      sub: a.sub,
      name: '林小明',
      email: 'lin@example.edu.tw',
    });
    assert.deepEqual(accountClaims(a, p.service, ISSUER, []), { sub: a.sub });
    assert.deepEqual(accountClaims(a, p.service, ISSUER, ['sub', 'openid2']), {
      sub: a.sub,
      openid2: `${ISSUER}/openid/${a.sub}`,
    });
  });

  it('maps every profile, email and phone claim from the account', () => {
    const a = account();
    const all = ['name', 'given_name', 'family_name', 'preferred_username'];
    all.push('email', 'email_verified', 'phone_number', 'phone_number_verified', 'openid2');
    assert.deepEqual(accountClaims(a, pii().service, ISSUER, all), {
      sub: a.sub,
      name: '林小明',
      given_name: '小明',
      family_name: '林',
      preferred_username: 'lin.student',
      email: 'lin@example.edu.tw',
      email_verified: true,
      phone_number: '+886912345678',
      phone_number_verified: false,
      openid2: `${ISSUER}/openid/${a.sub}`,
    });
  });

  it('leaves out what the account does not have rather than inventing it', () => {
    const a = account({
      givenName: null,
      familyName: null,
      username: null,
      email: null,
      emailVerified: true,
      phone: null,
      phoneVerified: true,
      nationalIdCipher: null,
    });
    const wanted = ['given_name', 'family_name', 'preferred_username', 'email', 'email_verified'];
    wanted.push('phone_number', 'phone_number_verified', 'personid', 'guid');
    const out = accountClaims(a, pii().service, ISSUER, wanted);
    for (const c of wanted) assert.equal(out[c], undefined, c);
  });

  it('decrypts the national ID only for personid or guid, and at most once', () => {
    const p = pii();
    accountClaims(account(), p.service, ISSUER, ['name', 'email', 'phone_number', 'eduinfo', 'openid2']);
    assert.deepEqual(p.decrypted, []);
    const out = accountClaims(account(), p.service, ISSUER, ['personid', 'guid']);
    assert.deepEqual(p.decrypted, ['enc(A123456789)']);
    assert.equal(out.personid, 'A123456789');
    assert.equal(out.guid, 'guid(A123456789)');
  });

  it('ignores names that are not claims, including inherited object keys', () => {
    const out = accountClaims(account(), pii().service, ISSUER, ['password', 'constructor', 'toString']);
    assert.deepEqual(Object.keys(out), ['sub']);
  });

  it('builds eduinfo and educloudroles from the affiliations', () => {
    const a = account({
      affiliations: [affiliation({ schoolId: '111111', titles: ['學生'], grade: '3', classNo: '05' })],
    });
    const out = accountClaims(a, pii().service, ISSUER, ['eduinfo', 'educloudroles']);
    assert.equal((out.eduinfo as { schoolid: string }).schoolid, '111111');
    assert.deepEqual(out.educloudroles, ['student']);
    const none = accountClaims(account({ affiliations: undefined }), pii().service, ISSUER, [
      'eduinfo',
      'educloudroles',
    ]);
    assert.deepEqual(none.eduinfo, { sub: a.sub, schoolid: '', titles: [], classinfo: [] });
    assert.deepEqual(none.educloudroles, []);
  });
});

describe('buildEduInfo', () => {
  it('puts the newest school first and merges titles per school', () => {
    const info = buildEduInfo('s1', [
      affiliation({ schoolId: 'A', year: '112', semester: '2', titles: ['教師'] }),
      affiliation({ schoolId: 'B', year: '113', semester: '1', titles: ['學生'], grade: '7', classNo: '03' }),
      affiliation({ schoolId: 'A', year: '111', semester: '1', titles: ['教師', '組長'], classTitle: 'x' }),
    ]);
    assert.deepEqual(info, {
      sub: 's1',
      schoolid: 'B',
      titles: [
        { schoolid: 'B', titles: ['學生'] },
        { schoolid: 'A', titles: ['教師', '組長'] },
      ],
      classinfo: [{ year: '113', semester: '1', schoolid: 'B', grade: '7', classno: '03', classtitle: '' }],
    });
  });

  it('lists a class when either the grade or the class number is known', () => {
    const info = buildEduInfo('s1', [
      affiliation({
        schoolId: 'A',
        year: '113',
        semester: '2',
        grade: null,
        classNo: '12',
        classTitle: '忠',
      }),
      affiliation({ schoolId: 'A', year: '113', semester: '1', grade: '5', classNo: null }),
    ]);
    assert.deepEqual(info.classinfo, [
      { year: '113', semester: '2', schoolid: 'A', grade: '', classno: '12', classtitle: '忠' },
      { year: '113', semester: '1', schoolid: 'A', grade: '5', classno: '', classtitle: '' },
    ]);
  });
});

describe('educloudRoles', () => {
  it('derives student, parent, teacher and staff, sorted and once each', () => {
    assert.deepEqual(
      educloudRoles([
        affiliation({ titles: ['教師', '學生'] }),
        affiliation({ titles: ['家長', '組長', '教師', '校長'] }),
      ]),
      ['parent', 'staff', 'student', 'teacher'],
    );
    assert.deepEqual(educloudRoles([affiliation({ titles: ['家長'] })]), ['parent']);
    assert.deepEqual(educloudRoles([affiliation({ titles: ['教師'] })]), ['teacher']);
    assert.deepEqual(educloudRoles([affiliation({ titles: ['學生'] })]), ['student']);
    assert.deepEqual(educloudRoles([affiliation({ titles: ['組長', '校長'] })]), ['staff']);
    assert.deepEqual(educloudRoles([]), []);
  });
});
