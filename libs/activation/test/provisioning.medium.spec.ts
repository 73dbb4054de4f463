import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { DataSource } from 'typeorm';
import { ImportAccountsUseCase, IssueActivationCodesUseCase, normalizeActivationCode } from '#activation';
import {
  AccountRepository,
  AttemptGate,
  DomainError,
  NotFound,
  PiiService,
  makeNationalId,
} from '#identity-core';
import type { TestContext } from '#test-support';
import { activationContext, HEADER } from './support.js';

const STUDENT = makeNationalId('A', '1', '1000001');
const TEACHER = makeNationalId('B', '2', '1000002');
const OTHER = makeNationalId('C', '1', '1000003');

const ROSTER = [
  HEADER,
  `${STUDENT},王小明,2011-05-12,074601,學生,3,05,三年五班,114,1`,
  `${TEACHER},林美玲,74/09/01,074601,教師|教務主任,,,,114,1`,
  `${TEACHER},林美玲,74/09/01,193601,教師,,,,114,1`,
  `${OTHER},陳大文,2012-01-20,074601,學生,2,03,二年三班,114,1`,
].join('\r\n');

async function snapshot(t: TestContext) {
  const ds = t.app.get(DataSource);
  return {
    accounts: await ds.query(
      'SELECT id, sub, username, display_name, birth_date, national_id_cipher, status, password_hash FROM accounts ORDER BY id',
    ),
    affiliations: await ds.query(
      'SELECT account_id, school_id, year, semester, titles, grade, class_no, class_title FROM affiliations ORDER BY id',
    ),
  };
}

describe('roster import (accounts:import) against MariaDB', () => {
  let t: TestContext;
  let importer: ImportAccountsUseCase;
  before(async () => {
    t = await activationContext();
    importer = t.app.get(ImportAccountsUseCase);
  });
  after(() => t.close());

  it('provisions pending accounts without username or password, national ID encrypted', async () => {
    const report = await importer.execute({ content: Buffer.from(ROSTER), actor: 'test' });
    assert.deepEqual(
      { ...report, problems: report.problems.length },
      {
        encoding: 'utf-8',
        dryRun: false,
        rows: 4,
        created: 3,
        updated: 1,
        unchanged: 0,
        problems: 0,
        ignoredColumns: [],
      },
    );
    const account = await t.app.get(AccountRepository).findByNationalId(STUDENT);
    assert.equal(account?.status, 'pending');
    assert.equal(account?.username, null);
    assert.equal(account?.passwordHash, null);
    assert.equal(account?.birthDate, '2011-05-12');
    assert.equal(t.app.get(PiiService).decrypt(account!.nationalIdCipher!), STUDENT);
    const [row] = await t.app
      .get(DataSource)
      .query('SELECT national_id_cipher FROM accounts WHERE id = ?', [account!.id]);
    assert.ok(!String(row.national_id_cipher).includes(STUDENT));
    const teacher = await t.app.get(AccountRepository).findByNationalId(TEACHER);
    const affiliations = await t.app
      .get(DataSource)
      .query('SELECT school_id, titles FROM affiliations WHERE account_id = ? ORDER BY school_id', [
        teacher!.id,
      ]);
    assert.deepEqual(
      affiliations.map((a: { school_id: string; titles: string[] | string }) => [
        a.school_id,
        typeof a.titles === 'string' ? JSON.parse(a.titles) : a.titles,
      ]),
      [
        ['074601', ['教師', '教務主任']],
        ['193601', ['教師']],
      ],
    );
    const audit = await t.app
      .get(DataSource)
      .query(`SELECT COUNT(*) AS n FROM audit_events WHERE action = 'account.provision'`);
    assert.equal(Number(audit[0].n), 3);
  });

  it('importing the same file again, or the same roster in Big5, changes nothing', async () => {
    const before = await snapshot(t);
    const again = await importer.execute({ content: Buffer.from(ROSTER), actor: 'test' });
    assert.deepEqual([again.created, again.updated, again.unchanged, again.problems.length], [0, 0, 4, 0]);
    const big5 = await importer.execute({ content: iconv.encode(ROSTER, 'cp950'), actor: 'test' });
    assert.equal(big5.encoding, 'big5');
    assert.deepEqual([big5.created, big5.updated, big5.unchanged, big5.problems.length], [0, 0, 4, 0]);
    const bom = await importer.execute({
      content: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ROSTER)]),
      actor: 'test',
    });
    assert.deepEqual([bom.created, bom.updated, bom.unchanged], [0, 0, 4]);
    assert.deepEqual(await snapshot(t), before);
  });

  it('keeps valid lines and reports the others by line: unknown school, duplicates, conflicts, broken CSV', async () => {
    const fresh = makeNationalId('D', '2', '1000004');
    const report = await importer.execute({
      content: iconv.encode(
        [
          HEADER,
          `${fresh},張小華,2010-03-04,074601,學生,4,01,四年一班,114,1`, // 2 ok
          `${makeNationalId('E', '1', '1000005')},趙一,2010-03-04,999999,學生,4,01,x,114,1`, // 3 unknown school
          `${fresh},張小華,2010-03-04,074601,學生,4,01,四年一班,114,1`, // 4 duplicate of 2
          `${fresh},張小花,2010-03-04,193601,學生,4,01,x,114,1`, // 5 conflicting name
          'A123456788,錯號碼,2010-03-04,074601,學生,4,01,x,114,1', // 6 checksum
          `${makeNationalId('F', '1', '1000006')},"斷掉的引號,2010-03-04,074601,學生,4,01,x,114,1`, // 7 csv
          `${makeNationalId('G', '2', '1000007')},${'長'.repeat(200)},2010-03-04,074601,學生,4,01,x,114,1`, // 8 oversized
        ].join('\n'),
        'cp950',
      ),
      actor: 'test',
    });
    assert.equal(report.created, 1);
    assert.deepEqual(
      report.problems.map((p) => `${p.line}:${p.code}`),
      ['3:unknown_school', '4:duplicate', '5:conflict', '6:checksum', '7:csv_syntax', '8:too_long'],
    );
    assert.match(report.problems[0]!.message, /999999 is not in the school directory/);
    assert.match(report.problems[1]!.message, /line 2/);
    assert.ok(await t.app.get(AccountRepository).findByNationalId(fresh));
    assert.equal(
      await t.app.get(AccountRepository).findByNationalId(makeNationalId('E', '1', '1000005')),
      null,
    );
  });

  it('a newer roster updates classes and corrects pending names; --dry-run writes nothing', async () => {
    const changed = ROSTER.replace('3,05,三年五班', '3,06,三年六班').replace('陳大文', '陳大雯');
    const before = await snapshot(t);
    const dry = await importer.execute({ content: Buffer.from(changed), actor: 'test', dryRun: true });
    assert.deepEqual([dry.dryRun, dry.created, dry.updated, dry.unchanged], [true, 0, 2, 2]);
    assert.deepEqual(await snapshot(t), before);
    const real = await importer.execute({ content: Buffer.from(changed), actor: 'test' });
    assert.deepEqual([real.created, real.updated, real.unchanged], [0, 2, 2]);
    assert.equal((await t.app.get(AccountRepository).findByNationalId(OTHER))?.displayName, '陳大雯');
  });

  it('refuses a file without the header row, naming what is missing', async () => {
    await assert.rejects(
      importer.execute({
        content: Buffer.from(`${STUDENT},王小明,2011-05-12,074601,學生,3,05,x,114,1`),
        actor: 'test',
      }),
      (e: DomainError) => e.code === 'roster_invalid' && /line 1: .*missing/.test(e.message),
    );
  });
});

describe('activation codes (accounts:activation-codes) against MariaDB', () => {
  let t: TestContext;
  let issue: IssueActivationCodesUseCase;
  before(async () => {
    t = await activationContext();
    await t.app.get(ImportAccountsUseCase).execute({ content: Buffer.from(ROSTER), actor: 'test' });
    issue = t.app.get(IssueActivationCodesUseCase);
  });
  after(() => t.close());

  it('issues one code per pending account of the school, masked IDs, stored only as a keyed hash', async () => {
    const r = await issue.execute({ schoolId: '074601', actor: 'admin:school' });
    assert.equal(r.schoolName, '臺中市立示範國中');
    assert.equal(r.issued.length, 3);
    assert.equal(r.skipped, 0);
    for (const c of r.issued) {
      assert.match(c.nationalId, /^[A-Z][0-9A-D]\*{5}\d{3}$/);
      assert.match(c.code, /^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    }
    const student = r.issued.find((c) => c.name === '王小明')!;
    assert.equal(student.classTitle, '三年五班');
    const expires = new Date(student.expiresAt).getTime() - t.clock.now().getTime();
    assert.equal(Math.round(expires / 86_400_000), 30);
    const rows = await t.app.get(DataSource).query('SELECT * FROM activation_codes');
    assert.equal(rows.length, 3);
    const plain = normalizeActivationCode(student.code)!;
    for (const row of rows) {
      assert.match(row.code_hash, /^[0-9a-f]{64}$/);
      assert.ok(!JSON.stringify(row).includes(plain));
      assert.equal(row.issued_by, 'admin:school');
      assert.equal(row.school_id, '074601');
    }
    const audit = await t.app
      .get(DataSource)
      .query(`SELECT target, details FROM audit_events WHERE action = 'activation.codes_issue'`);
    assert.equal(audit[0].target, 'school:074601');
  });

  it('skips accounts holding a valid code; --replace and --national-id revoke and reissue', async () => {
    const again = await issue.execute({ schoolId: '074601', actor: 'test' });
    assert.deepEqual([again.issued.length, again.skipped], [0, 3]);
    const other = await issue.execute({ schoolId: '193601', actor: 'test', ttlDays: 7 });
    assert.deepEqual([other.issued.length, other.skipped], [0, 1], 'the teacher already holds a valid code');

    const one = await issue.execute({ schoolId: '074601', actor: 'test', nationalId: STUDENT.toLowerCase() });
    assert.equal(one.issued.length, 1);
    assert.equal(one.issued[0]!.name, '王小明');
    const ds = t.app.get(DataSource);
    const [{ n: revoked }] = await ds.query(
      'SELECT COUNT(*) AS n FROM activation_codes WHERE revoked_at IS NOT NULL',
    );
    assert.equal(Number(revoked), 1);

    t.clock.advance(31 * 86_400_000);
    const afterExpiry = await issue.execute({ schoolId: '074601', actor: 'test' });
    assert.equal(afterExpiry.issued.length, 3, 'expired codes do not count as valid');
    const replaced = await issue.execute({ schoolId: '074601', actor: 'test', replace: true });
    assert.equal(replaced.issued.length, 3);
    const [{ n: valid }] = await ds.query(
      'SELECT COUNT(*) AS n FROM activation_codes WHERE revoked_at IS NULL AND used_at IS NULL AND expires_at > ?',
      [t.clock.now()],
    );
    assert.equal(Number(valid), 3);
  });

  it('a new code for one person clears their activation lockout', async () => {
    const gate = t.app.get(AttemptGate);
    const subject = `n:${t.app.get(PiiService).nationalIdIndex(STUDENT)}`;
    const attempt = () => gate.begin({ factor: 'activation', subject, ip: null });
    for (let i = 0; i < 100; i++) {
      t.clock.advance(900_001); // past any wait: only the permanent lock is left to reach
      const a = await attempt();
      assert.ok(a.allowed, `attempt ${i + 1}`);
      await a.fail();
    }
    assert.deepEqual(await attempt(), { allowed: false, reason: 'permanent', retryAfterSeconds: null });
    await issue.execute({ schoolId: '074601', actor: 'test', nationalId: STUDENT });
    assert.deepEqual(await gate.failures('activation', subject), { failures: 0, permanent: false });
    const after = await attempt();
    assert.ok(after.allowed);
    await after.abandon();
  });

  it('refuses unknown schools, people who are not pending there, and silly validity', async () => {
    await assert.rejects(issue.execute({ schoolId: '999999', actor: 'test' }), NotFound);
    await assert.rejects(issue.execute({ schoolId: '193601', actor: 'test', nationalId: STUDENT }), NotFound);
    await assert.rejects(
      issue.execute({ schoolId: '074601', actor: 'test', ttlDays: 0 }),
      (e: DomainError) => e.code === 'validation_failed',
    );
    await assert.rejects(
      issue.execute({ schoolId: '074601', actor: 'test', nationalId: 'A123' }),
      (e: DomainError) => e.code === 'validation_failed',
    );
  });
});
