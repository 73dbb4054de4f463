import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { ImportAccountsUseCase, IssueActivationCodesUseCase } from '#activation';
import { makeNationalId } from '#identity-core';
import type { TestContext } from '#test-support';
import { activationContext, HEADER } from './support.js';

const TAICHUNG = makeNationalId('D', '1', '3100001');
const TAIPEI = makeNationalId('D', '2', '3100002');
const ROSTER = [
  HEADER,
  `${TAICHUNG},臺中生,2011-05-12,074601,學生,3,05,三年五班,114,1`,
  `${TAIPEI},臺北生,2011-06-12,193601,學生,3,05,三年五班,114,1`,
].join('\r\n');

/** The portal's county and school admins import and print letters only for their own schools. */
describe('roster import and class letters within a scope, against MariaDB', () => {
  let t: TestContext;
  before(async () => {
    t = await activationContext();
  });
  after(() => t.close());

  const names = async () =>
    (
      (await t.app.get(DataSource).query('SELECT display_name FROM accounts ORDER BY id')) as {
        display_name: string;
      }[]
    ).map((r) => r.display_name);

  it("refuses a school admin's and a county admin's lines of other schools as out_of_scope", async () => {
    const importer = t.app.get(ImportAccountsUseCase);
    const school = await importer.execute({
      content: Buffer.from(ROSTER),
      actor: 'admin:school',
      scope: { kind: 'school', schoolId: '074601' },
    });
    assert.equal(school.created, 1);
    assert.deepEqual(
      school.problems.map((p) => [p.line, p.field, p.code]),
      [[3, 'school_id', 'out_of_scope']],
    );
    assert.deepEqual(await names(), ['臺中生']);
    const county = await importer.execute({
      content: Buffer.from(ROSTER),
      actor: 'admin:county',
      scope: { kind: 'county', county: '臺北市' },
    });
    assert.deepEqual([county.created, county.unchanged], [1, 0]);
    assert.deepEqual(
      county.problems.map((p) => [p.line, p.code]),
      [[2, 'out_of_scope']],
    );
    const all = await importer.execute({ content: Buffer.from(ROSTER), actor: 'test' });
    assert.deepEqual([all.created, all.unchanged, all.problems.length], [0, 2, 0]);
  });

  it('issues class letters for a school in scope only, revoking earlier codes', async () => {
    const issue = t.app.get(IssueActivationCodesUseCase);
    await assert.rejects(
      issue.execute({
        schoolId: '074601',
        actor: 'admin:county',
        grade: '3',
        classNo: '05',
        replace: true,
        scope: { kind: 'county', county: '臺北市' },
      }),
      { code: 'not_found' },
    );
    const cmd = {
      schoolId: '074601',
      actor: 'admin:school',
      grade: '3',
      classNo: '05',
      replace: true,
      scope: { kind: 'school', schoolId: '074601' } as const,
    };
    const first = await issue.execute(cmd);
    assert.deepEqual(
      first.issued.map((i) => i.name),
      ['臺中生'],
    );
    assert.equal((await issue.execute({ ...cmd, classNo: '06' })).issued.length, 0);
    await issue.execute(cmd);
    const [valid] = (await t.app
      .get(DataSource)
      .query('SELECT COUNT(*) AS n FROM activation_codes WHERE revoked_at IS NULL AND used_at IS NULL')) as {
      n: string;
    }[];
    assert.equal(Number(valid.n), 1);
  });
});
