import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import {
  CreateAccountUseCase,
  makeNationalId,
  ProvisionAccountUseCase,
  SchoolRepository,
  SyncAffiliationsUseCase,
  UpsertSchoolUseCase,
  type AccountEntity,
} from '#identity-core';
import { identityCoreContext, type TestContext } from '#test-support';

/** What an outside source (a county login) may change of an account's affiliations, against MariaDB. */
describe('SyncAffiliationsUseCase and ProvisionAccountUseCase', () => {
  let t: TestContext;
  let account: AccountEntity;
  const term = (schoolId: string, classTitle: string | null, titles = ['學生']) => ({
    schoolId,
    year: '115',
    semester: '1',
    titles,
    grade: classTitle ? '3' : null,
    classNo: classTitle ? '07' : null,
    classTitle,
  });
  const affiliations = async () =>
    (await t.app.get(SchoolRepository).affiliationsOf(account.id))
      .map((a) => `${a.schoolId} ${a.year}-${a.semester} ${a.titles.join('/')} ${a.classTitle ?? ''}`.trim())
      .sort();
  const audits = async (action: string): Promise<{ details: unknown }[]> =>
    t.app.get(DataSource).query('SELECT details FROM audit_events WHERE action = ? ORDER BY id', [action]);

  before(async () => {
    t = await identityCoreContext();
    const schools = t.app.get(UpsertSchoolUseCase);
    await schools.execute({ eduid: '074601', name: '臺中甲國中', county: '臺中市' });
    await schools.execute({ eduid: '074602', name: '臺中乙國中', county: '台中市' });
    await schools.execute({ eduid: '124601', name: '高雄甲國中', county: '高雄市' });
    account = await t.app.get(CreateAccountUseCase).execute({
      username: 'sync.student',
      password: 'a long and lovely passphrase',
      displayName: '林同學',
      nationalId: makeNationalId('F', '1', '3456789'),
      affiliation: { schoolId: '124601', titles: ['學生'], year: '115', semester: '1' },
      actor: 'test',
    });
  });
  after(() => t.close());

  const sync = (terms: ReturnType<typeof term>[]) =>
    t.app.get(SyncAffiliationsUseCase).execute({
      accountId: account.id,
      accountSub: account.sub,
      county: '臺中市',
      terms,
      actor: 'test',
      source: 'county:tc',
    });

  it("records the county's terms and leaves another county's schools alone", async () => {
    const r = await sync([term('074601', '三年七班'), term('124601', null, ['教師']), term('999999', null)]);
    assert.deepEqual(
      r.changes.map((c) => `${c.schoolId} ${c.change}`),
      ['074601 created'],
    );
    assert.deepEqual(r.ignored, ['124601', '999999']);
    assert.deepEqual(await affiliations(), ['074601 115-1 學生 三年七班', '124601 115-1 學生']);
    assert.equal((await audits('account.affiliations.sync')).length, 1);
  });

  it('changes nothing (and audits nothing) when the county says the same again', async () => {
    const r = await sync([term('074601', '三年七班')]);
    assert.deepEqual(r.changes, []);
    assert.equal((await audits('account.affiliations.sync')).length, 1);
  });

  it('moving school within the county: the new one recorded, the old one in that term removed (台 = 臺)', async () => {
    const r = await sync([term('074602', '三年一班')]);
    assert.deepEqual(r.changes.map((c) => `${c.schoolId} ${c.change}`).sort(), [
      '074601 removed',
      '074602 created',
    ]);
    assert.deepEqual(await affiliations(), ['074602 115-1 學生 三年一班', '124601 115-1 學生']);
  });

  it('a county that names no term removes nothing', async () => {
    assert.deepEqual((await sync([])).changes, []);
    assert.equal((await affiliations()).length, 2);
  });

  it('provisions an active account without credentials, once per national ID', async () => {
    const provision = t.app.get(ProvisionAccountUseCase);
    const nationalId = makeNationalId('E', '2', '7654321');
    const created = await provision.execute({
      displayName: '陳新生',
      nationalId,
      actor: 'system:county:kh',
      source: 'county:kh',
    });
    assert.equal(created.status, 'active');
    assert.equal(created.username, null);
    assert.equal(created.passwordHash, null);
    assert.notEqual(created.nationalIdCipher, nationalId);
    await assert.rejects(
      provision.execute({ displayName: '陳新生', nationalId, actor: 'x', source: 'county:kh' }),
      { code: 'conflict' },
    );
    await assert.rejects(
      provision.execute({ displayName: '', nationalId: 'A123', actor: 'x', source: 'county:kh' }),
      { code: 'validation_failed' },
    );
    assert.equal((await audits('account.provision')).length, 1);
  });
});
