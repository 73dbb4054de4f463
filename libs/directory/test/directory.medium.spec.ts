import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { DataSource } from 'typeorm';
import {
  DecideGuardianLinkUseCase,
  DescribeRelationUseCase,
  DirectoryModule,
  FindSchoolUseCase,
  GuardianLinkRefused,
  ImportFileInvalid,
  ImportGuardianLinksUseCase,
  ImportSchoolsUseCase,
  ImportTeachingAssignmentsUseCase,
  ListSchoolsUseCase,
  ReplaceTeachingAssignmentsUseCase,
  RequestGuardianLinkUseCase,
} from '#directory';
import { AccountRepository, CreateAccountUseCase, makeNationalId, TooManyAttempts } from '#identity-core';
import { identityCoreContext, type TestContext } from '#test-support';

const TEACHER = makeNationalId('B', '2', '1000002');
const HOMEROOM = makeNationalId('D', '2', '1000004');
const STUDENT = makeNationalId('A', '1', '1000001');
const PARENT = makeNationalId('E', '2', '1000005');
const NOBODY = makeNationalId('F', '1', '1000006');
/** The term the FixedClock below is in. */
const TERM = { year: '115', semester: '1' };

const SCHOOLS = [
  '學年度,代碼,學校名稱,縣市名稱,地址,電話,網址,學制',
  '115,074601,臺中市立示範國中,[66]臺中市,臺中市西區示範路1號,(04)2222-1234,www.example.tc.edu.tw,國民中學',
  '115,193601,臺北市立示範國小,[63]臺北市,,,https://es.example.tp.edu.tw/,國民小學|幼兒園',
].join('\r\n');

/** A school's export: Big5, Chinese headers, three bad lines among five. */
const TEACHING = [
  '身分證字號,學校代碼,學年度,學期,年級,班級代號,班級名稱,科目',
  `${TEACHER},074601,115,1,3,05,三年五班,數學`,
  `${TEACHER},074601,115,1,3,06,三年六班,數學`,
  `${TEACHER.slice(0, 9)}${(Number(TEACHER[9]) + 1) % 10},074601,115,1,3,07,三年七班,數學`, // check digit
  `${NOBODY},074601,115,1,3,05,三年五班,英語`, // no account
  `${TEACHER},999999,115,1,3,05,三年五班,數學`, // unknown school
  `${HOMEROOM},074601,115,1,3,5,三年五班,導師`,
  `${TEACHER},074601,114,2,2,05,二年五班,數學`, // last term: kept, not described now
].join('\r\n');

async function count(t: TestContext, table: string): Promise<number> {
  const [row] = await t.app.get(DataSource).query(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(row.n);
}

async function auditActions(t: TestContext): Promise<string[]> {
  const rows: { action: string }[] = await t.app
    .get(DataSource)
    .query('SELECT action FROM audit_events ORDER BY id');
  return rows.map((r) => r.action);
}

describe('directory against MariaDB: schools, teaching assignments, guardian links, relation', () => {
  let t: TestContext;
  const subs: Record<string, string> = {};

  before(async () => {
    t = await identityCoreContext({
      imports: [DirectoryModule.forRoot({ namespace: `td${Date.now()}` }) as never],
    });
    t.clock.set(new Date('2026-12-01T04:00:00Z'));
  });
  after(() => t.close());

  it('imports the school list (UTF-8), shows it in the legacy shape, and re-importing changes nothing', async () => {
    const importer = t.app.get(ImportSchoolsUseCase);
    const first = await importer.execute({ content: Buffer.from(SCHOOLS), actor: 'test' });
    assert.deepEqual([first.created, first.updated, first.unchanged, first.problems], [2, 0, 0, []]);
    const again = await importer.execute({ content: Buffer.from(SCHOOLS), actor: 'test' });
    assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, 2]);
    assert.deepEqual(await t.app.get(FindSchoolUseCase).execute('074601'), {
      eduid: '074601',
      year: '115',
      schoolname: '臺中市立示範國中',
      county: '[66]臺中市',
      oid: '',
      tel: '(04)2222-1234',
      url: 'http://www.example.tc.edu.tw',
      address: '臺中市西區示範路1號',
      schoolsystem: ['國民中學'],
    });
    assert.equal(await t.app.get(FindSchoolUseCase).execute('000000'), null);
    assert.equal(await t.app.get(FindSchoolUseCase).execute('../etc'), null);
    assert.deepEqual(
      (await t.app.get(ListSchoolsUseCase).execute()).map((s) => s.eduid),
      ['074601', '193601'],
    );
    const actions = await auditActions(t);
    assert.equal(actions.filter((a) => a === 'school.create').length, 2);
    assert.equal(actions.filter((a) => a === 'schools.import').length, 2);
  });

  it('a changed school list (Big5) updates the school, and the directory answer follows after the cache minute', async () => {
    const changed = SCHOOLS.replace('(04)2222-1234', '(04)2222-9999');
    const report = await t.app
      .get(ImportSchoolsUseCase)
      .execute({ content: iconv.encode(changed, 'cp950'), actor: 'test' });
    assert.deepEqual([report.encoding, report.updated, report.unchanged], ['big5', 1, 1]);
    const find = t.app.get(FindSchoolUseCase);
    assert.equal((await find.execute('074601'))?.tel, '(04)2222-1234'); // cached
    t.clock.advance(61_000);
    assert.equal((await find.execute('074601'))?.tel, '(04)2222-9999');
  });

  it('people come from the account roster (here created directly)', async () => {
    const create = t.app.get(CreateAccountUseCase);
    type Term = { titles: string[]; grade?: string; classNo?: string; classTitle?: string };
    const people: [string, string, string, Term | null][] = [
      ['teacher', TEACHER, '林老師', { titles: ['教師'] }],
      ['homeroom', HOMEROOM, '陳導師', { titles: ['教師'] }],
      ['student', STUDENT, '王小明', { titles: ['學生'], grade: '3', classNo: '05', classTitle: '三年五班' }],
      ['parent', PARENT, '王媽媽', null],
    ];
    for (const [key, nationalId, name, affiliation] of people) {
      const a = await create.execute({
        username: `${key}.one`,
        password: 'a long and lovely passphrase',
        displayName: name,
        nationalId,
        birthDate: key === 'student' ? '2011-05-12' : '1980-01-01',
        affiliation: affiliation ? { schoolId: '074601', ...TERM, ...affiliation } : undefined,
        actor: 'test',
      });
      subs[key] = a.sub;
    }
  });

  it('a Big5 teaching-assignment file with bad lines reports them and keeps the good ones; re-import changes nothing', async () => {
    const importer = t.app.get(ImportTeachingAssignmentsUseCase);
    const content = iconv.encode(TEACHING, 'cp950');
    const report = await importer.execute({ content, actor: 'test' });
    assert.equal(report.encoding, 'big5');
    assert.deepEqual(
      report.problems.map((p) => [p.line, p.field, p.code]),
      [
        [4, 'national_id', 'checksum'],
        [5, 'national_id', 'unknown_account'],
        [6, 'school_id', 'unknown_school'],
      ],
    );
    assert.deepEqual([report.rows, report.created, report.updated, report.unchanged], [7, 4, 0, 0]);
    assert.equal(await count(t, 'teaching_assignments'), 4);
    const again = await importer.execute({ content, actor: 'test' });
    assert.deepEqual([again.created, again.updated, again.unchanged, again.problems.length], [0, 0, 4, 3]);
    assert.equal(await count(t, 'teaching_assignments'), 4);
    const actions = await auditActions(t);
    assert.equal(actions.filter((a) => a === 'teaching.assign').length, 4);
    assert.equal(actions.filter((a) => a === 'teaching.import').length, 2);
  });

  it('a file without the required columns is refused whole, naming them', async () => {
    await assert.rejects(
      t.app
        .get(ImportTeachingAssignmentsUseCase)
        .execute({ content: Buffer.from('national_id,subject\n'), actor: 't' }),
      (e: unknown) =>
        e instanceof ImportFileInvalid &&
        /missing: school_id, year, semester, grade, class_no/.test(e.message),
    );
  });

  it("relation: a teacher's classes and subjects this term; a student's class with the homeroom teacher", async () => {
    const accounts = t.app.get(AccountRepository);
    const describe = t.app.get(DescribeRelationUseCase);
    const teacher = await describe.execute((await accounts.findWithAffiliations(subs.teacher!))!);
    assert.deepEqual(teacher, {
      sub: subs.teacher,
      year: '115',
      semester: '1',
      relation: [
        {
          schoolid: '074601',
          year: '115',
          semester: '1',
          grade: '3',
          classno: '05',
          classtitle: '三年五班',
          subject: '數學',
        },
        {
          schoolid: '074601',
          year: '115',
          semester: '1',
          grade: '3',
          classno: '06',
          classtitle: '三年六班',
          subject: '數學',
        },
      ],
      classinfo: [],
      children: [],
    });
    const student = await describe.execute((await accounts.findWithAffiliations(subs.student!))!);
    assert.deepEqual(student.relation, []);
    assert.deepEqual(student.classinfo, [
      {
        schoolid: '074601',
        year: '115',
        semester: '1',
        grade: '3',
        classno: '05',
        classtitle: '三年五班',
        homeroom: { sub: subs.homeroom },
      },
    ]);
  });

  it("replace (county refresh, teaching:import --replace) makes a teacher's term set exactly the new one, audited", async () => {
    const replace = t.app.get(ReplaceTeachingAssignmentsUseCase);
    const out = await replace.execute({
      teacherSub: subs.teacher!,
      schoolId: '074601',
      term: TERM,
      assignments: [
        { grade: '3', classNo: '05', classTitle: '三年五班', subject: '數學' },
        { grade: '3', classNo: '05', classTitle: null, subject: '自然' },
      ],
      source: 'federation:tc',
      actor: 'federation:tc',
    });
    assert.deepEqual([out.created, out.unchanged, out.removed], [1, 1, 1]);
    const rows: { grade: string; class_no: string; subject: string; year: string }[] = await t.app
      .get(DataSource)
      .query(
        'SELECT grade, class_no, subject, year FROM teaching_assignments WHERE account_id = (SELECT id FROM accounts WHERE sub = ?) ORDER BY year, class_no, subject',
        [subs.teacher],
      );
    // The other term is not touched.
    assert.deepEqual(
      rows.map((r) => `${r.year} ${r.grade}-${r.class_no} ${r.subject}`),
      ['114 2-05 數學', '115 3-05 數學', '115 3-05 自然'],
    );
    const [event] = await t.app
      .get(DataSource)
      .query(
        `SELECT actor, target, details FROM audit_events WHERE action = 'teaching.replace' ORDER BY id DESC LIMIT 1`,
      );
    const details = typeof event.details === 'string' ? JSON.parse(event.details) : event.details;
    assert.equal(event.target, `account:${subs.teacher}`);
    assert.deepEqual([details.added, details.removed], [['3-05 自然'], ['3-06 數學']]);

    // The import's --replace does the same per teacher × school × term from a file.
    const file = [
      'national_id,school_id,year,semester,grade,class_no,subject',
      `${TEACHER},074601,115,1,3,05,數學`,
    ].join('\n');
    const report = await t.app
      .get(ImportTeachingAssignmentsUseCase)
      .execute({ content: Buffer.from(file), actor: 'test', replace: true });
    assert.deepEqual([report.unchanged, report.removed], [1, 1]);
    await assert.rejects(
      replace.execute({
        teacherSub: subs.teacher!,
        schoolId: '074601',
        term: { year: '1150', semester: '1' },
        assignments: [],
        source: 's',
        actor: 'a',
      }),
      /year: format/,
    );
  });

  it('guardian links: imported ones are confirmed and released; a request waits for the school', async () => {
    const accounts = t.app.get(AccountRepository);
    const describe = t.app.get(DescribeRelationUseCase);
    const file = [
      '家長身分證字號,學生身分證字號,學校代碼,關係',
      `${PARENT},${STUDENT},074601,母`,
      `${PARENT},${TEACHER},074601,母`, // not a pupil of the school
    ].join('\n');
    const report = await t.app
      .get(ImportGuardianLinksUseCase)
      .execute({ content: Buffer.from(file), actor: 'test' });
    assert.deepEqual(
      report.problems.map((p) => [p.line, p.code]),
      [[3, 'not_a_pupil']],
    );
    assert.equal(report.created, 1);
    const parent = await describe.execute((await accounts.findWithAffiliations(subs.parent!))!);
    assert.deepEqual(parent.children, [
      {
        sub: subs.student,
        name: '王小明',
        relationship: '母',
        schoolid: '074601',
        classinfo: [
          {
            schoolid: '074601',
            year: '115',
            semester: '1',
            grade: '3',
            classno: '05',
            classtitle: '三年五班',
          },
        ],
      },
    ]);

    // The homeroom teacher asks to be linked as a parent: refused without the right birth date …
    const request = t.app.get(RequestGuardianLinkUseCase);
    const ask = (birth: string) =>
      request.execute({
        parentSub: subs.homeroom!,
        childNationalId: STUDENT,
        childBirthDate: birth,
        schoolId: '074601',
        actor: 'test',
      });
    await assert.rejects(ask('2011-05-13'), GuardianLinkRefused);
    await assert.rejects(
      request.execute({
        parentSub: subs.homeroom!,
        childNationalId: NOBODY,
        childBirthDate: '2011-05-12',
        schoolId: '074601',
        actor: 't',
      }),
      GuardianLinkRefused,
    );
    // … and with it, waits for the school: nothing is released before.
    const asked = await ask('100/05/12');
    assert.equal(asked.status, 'requested');
    const homeroom = () => accounts.findWithAffiliations(subs.homeroom!).then((a) => describe.execute(a!));
    assert.deepEqual((await homeroom()).children, []);
    const decide = t.app.get(DecideGuardianLinkUseCase);
    await assert.rejects(
      decide.execute({ id: asked.id, decision: 'confirm', actor: 'school', schoolId: '193601' }),
      /not found/,
    );
    await decide.execute({ id: asked.id, decision: 'confirm', actor: 'school:074601', schoolId: '074601' });
    assert.deepEqual(
      (await homeroom()).children.map((c) => c.sub),
      [subs.student],
    );
    await assert.rejects(
      decide.execute({ id: asked.id, decision: 'confirm', actor: 'school' }),
      /cannot confirm a link that is confirmed/,
    );
    await decide.execute({ id: asked.id, decision: 'revoke', actor: 'school' });
    assert.deepEqual((await homeroom()).children, []);
    // Five requests a day per parent, each one a test of a national ID and birth date.
    await assert.rejects(ask('2011-05-13'), GuardianLinkRefused);
    await assert.rejects(ask('2011-05-13'), GuardianLinkRefused);
    await assert.rejects(ask('2011-05-12'), TooManyAttempts);
    const actions = await auditActions(t);
    for (const a of [
      'guardian.link',
      'guardians.import',
      'guardian.request',
      'guardian.confirm',
      'guardian.revoke',
    ])
      assert.ok(actions.includes(a), a);
  });
});
