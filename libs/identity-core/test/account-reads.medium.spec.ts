import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { AccountRepository, CreateAccountUseCase, makeNationalId } from '#identity-core';
import { AccountEntity, AffiliationEntity, SchoolEntity } from '../src/entities/index.js';
import { identityCoreContext, type TestContext } from '#test-support';

/**
 * The login's account reads are plain SQL (AccountRepository's hot statements): they must hand
 * back exactly what TypeORM's own find would have, column types and relations included.
 */
describe('AccountRepository hot reads against MariaDB', () => {
  let t: TestContext;
  let accounts: AccountRepository;
  let ds: DataSource;
  let withTwo: AccountEntity;
  let withNone: AccountEntity;

  before(async () => {
    t = await identityCoreContext();
    accounts = t.app.get(AccountRepository);
    ds = t.app.get(DataSource);
    const create = t.app.get(CreateAccountUseCase);
    withTwo = await create.execute({
      username: 'reads.two',
      password: 'correct horse battery staple 42',
      displayName: '王小明',
      email: 'two@example.org',
      nationalId: makeNationalId('A', '1', '2345001'),
      birthDate: '2010-03-04',
      actor: 'cli',
    });
    withNone = await create.execute({
      username: 'reads.none',
      password: 'correct horse battery staple 42',
      displayName: '林大華',
      nationalId: makeNationalId('A', '2', '2345002'),
      actor: 'cli',
    });
    await ds.getRepository(SchoolEntity).save([
      { eduid: '013601', name: '臺北市立第一國小', county: '臺北市', status: 'open' },
      { eduid: '193601', name: '臺中市立第二國中', county: '臺中市', status: 'closed' },
    ]);
    await ds.getRepository(AffiliationEntity).save([
      {
        accountId: withTwo.id,
        schoolId: '193601',
        year: '114',
        semester: '1',
        titles: ['學生'],
        grade: '7',
        classNo: '701',
        classTitle: '七年一班',
      },
      {
        accountId: withTwo.id,
        schoolId: '013601',
        year: '113',
        semester: '2',
        titles: ['學生', '班長'],
        grade: null,
        classNo: null,
        classTitle: null,
      },
    ]);
  });
  after(() => t.close());

  const orm = () => ds.getRepository(AccountEntity);

  it('reads by username and by sub exactly as the ORM does, and null for none', async () => {
    for (const a of [withTwo, withNone]) {
      const expected = await orm().findOne({ where: { sub: a.sub } });
      assert.ok(expected);
      assert.deepEqual(await accounts.findBySub(a.sub), expected);
      assert.deepEqual(await accounts.findByLogin(a.username!.toUpperCase()), expected);
      assert.deepEqual(await accounts.findByLogin(`${a.username}@mail.edu.tw`), expected);
    }
    const found = await accounts.findByLogin('reads.two');
    assert.ok(found instanceof AccountEntity);
    assert.equal(typeof found.emailVerified, 'boolean');
    assert.ok(found.createdAt instanceof Date);
    assert.equal(found.birthDate, '2010-03-04');
    assert.equal(await accounts.findBySub('00000000-0000-0000-0000-000000000000'), null);
    assert.equal(await accounts.findByLogin('nobody.here'), null);
  });

  it('reads the account with each affiliation and its school, as the ORM does, in the order added', async () => {
    for (const a of [withTwo, withNone]) {
      const expected = await orm().findOne({
        where: { sub: a.sub },
        relations: { affiliations: { school: true } },
        order: { affiliations: { id: 'ASC' } },
      });
      assert.deepEqual(await accounts.findWithAffiliations(a.sub), expected);
    }
    const two = await accounts.findWithAffiliations(withTwo.sub);
    assert.deepEqual(
      two!.affiliations!.map((f) => [f.schoolId, f.school!.name, f.titles]),
      [
        ['193601', '臺中市立第二國中', ['學生']],
        ['013601', '臺北市立第一國小', ['學生', '班長']],
      ],
    );
    assert.deepEqual((await accounts.findWithAffiliations(withNone.sub))!.affiliations, []);
    assert.equal(await accounts.findWithAffiliations('00000000-0000-0000-0000-000000000000'), null);
  });
});
