import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import {
  AccountApplicationEntity,
  ApproveApplicationUseCase,
  ListApplicationsUseCase,
  RejectApplicationUseCase,
} from '#activation';
import { CreateAccountUseCase, PiiService, makeNationalId } from '#identity-core';
import type { TestContext } from '#test-support';
import { activationContext } from './support.js';

describe('applications queue: duplicates by national ID or by name + birth date, and scope', () => {
  let t: TestContext;
  const ids: Record<string, string> = {};

  before(async () => {
    t = await activationContext();
    const pii = t.app.get(PiiService);
    await t.app.get(CreateAccountUseCase).execute({
      username: 'existing.person',
      password: 'a passphrase for tests',
      displayName: '許家豪',
      nationalId: makeNationalId('E', '1', '5000001'),
      birthDate: '1990-04-01',
      actor: 'test',
    });
    const add = async (key: string, nid: string, name: string, birthDate: string) => {
      const saved = await t.app
        .get(DataSource)
        .getRepository(AccountApplicationEntity)
        .save({
          status: 'pending',
          nationalIdCipher: pii.encrypt(nid),
          nationalIdIndex: pii.nationalIdIndex(nid),
          displayName: name,
          birthDate,
          email: `${key}@example.com`,
          phone: '0912345678',
          locale: 'zh-TW',
          duplicateOf: null,
        });
      ids[key] = saved.id;
    };
    await add('sameId', makeNationalId('E', '1', '5000001'), '許家豪', '1990-04-01');
    await add('sameNameBirth', makeNationalId('F', '2', '5000002'), '許家豪', '1990-04-01');
    await add('twinA', makeNationalId('G', '2', '5000003'), '蔡依林', '2001-09-15');
    await add('twinB', makeNationalId('H', '2', '5000004'), '蔡依林', '2001-09-15');
    await add('clean', makeNationalId('J', '1', '5000005'), '鄭成功', '1995-12-31');
  });
  after(() => t.close());

  it('flags each pending application with what it duplicates and how', async () => {
    const list = await t.app.get(ListApplicationsUseCase).execute();
    const flag = (key: string) => {
      const v = list.find((a) => a.id === ids[key])!;
      return [v.duplicateOf, v.duplicateBy];
    };
    assert.deepEqual(flag('sameId'), ['account', 'national_id']);
    assert.deepEqual(flag('sameNameBirth'), ['account', 'name_birth_date']);
    assert.deepEqual(flag('twinA'), ['application', 'name_birth_date']);
    assert.deepEqual(flag('twinB'), ['application', 'name_birth_date']);
    assert.deepEqual(flag('clean'), [null, null]);
  });

  it('shows and decides applications only for a nationwide scope; others find none', async () => {
    const list = t.app.get(ListApplicationsUseCase);
    assert.equal((await list.execute({ scope: { kind: 'all' } })).length, 5);
    assert.deepEqual(await list.execute({ scope: { kind: 'county', county: '臺中市' } }), []);
    assert.deepEqual(await list.execute({ scope: { kind: 'school', schoolId: '074601' } }), []);
    await assert.rejects(
      t.app.get(ApproveApplicationUseCase).execute({
        id: ids.clean,
        reviewer: 'admin:county',
        scope: { kind: 'county', county: '臺中市' },
      }),
      { code: 'not_found' },
    );
    await assert.rejects(
      t.app.get(RejectApplicationUseCase).execute({
        id: ids.clean,
        reason: '資料不符',
        reviewer: 'admin:school',
        scope: { kind: 'school', schoolId: '074601' },
      }),
      { code: 'not_found' },
    );
    await t.app
      .get(RejectApplicationUseCase)
      .execute({ id: ids.twinB, reason: '重複申請', reviewer: 'admin:helpdesk', scope: { kind: 'all' } });
    const [audit] = await t.app
      .get(DataSource)
      .query(
        `SELECT actor, details FROM audit_events WHERE action LIKE 'application.%reject%' ORDER BY id DESC LIMIT 1`,
      );
    assert.equal(audit.actor, 'admin:helpdesk');
    const after = await list.execute();
    assert.equal(
      after.find((a) => a.id === ids.twinA)!.duplicateOf,
      null,
      'a rejected twin no longer counts',
    );
  });
});
