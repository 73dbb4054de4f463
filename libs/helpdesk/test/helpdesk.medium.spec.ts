import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import {
  GrantStaffRoleUseCase,
  HelpdeskModule,
  ListStaffUseCase,
  OutOfScope,
  RevokeStaffRoleUseCase,
  SearchAccountsUseCase,
  AccountScope,
  DashboardCountsUseCase,
  type StaffMember,
} from '#helpdesk';
import {
  AuditService,
  CreateAccountUseCase,
  makeNationalId,
  NotFound,
  UpsertSchoolUseCase,
  ValidationFailed,
} from '#identity-core';
import { identityCoreContext, type TestContext } from '#test-support';

const TERM = { year: '115', semester: '1' };
const TAICHUNG = '074601';
const TAIPEI = '193601';
const TAIPEI_2 = '193602';

describe('helpdesk against MariaDB: staff roles and their scopes', () => {
  let t: TestContext;
  const subs: Record<string, string> = {};
  const staff: Record<string, StaffMember> = {};
  const ids: Record<string, string> = {};

  before(async () => {
    t = await identityCoreContext({ imports: [HelpdeskModule as never] });
    const schools = t.app.get(UpsertSchoolUseCase);
    await schools.execute({ eduid: TAICHUNG, name: '臺中市立示範國中', county: '臺中市' });
    await schools.execute({ eduid: TAIPEI, name: '臺北市立示範國小', county: '臺北市' });
    await schools.execute({ eduid: TAIPEI_2, name: '臺北市立第二國小', county: '臺北市' });
    const create = t.app.get(CreateAccountUseCase);
    let n = 0;
    for (const [key, school, name] of [
      ['tc', TAICHUNG, '王小明'],
      ['tp', TAIPEI, '王大同'],
      ['tp2', TAIPEI_2, '林小華'],
      ['hacker', TAIPEI, '<script>alert(1)</script>'],
      ['boss', null, '總管理員'],
      ['agent', null, '客服人員'],
      ['tcadmin', null, '臺中市管理員'],
      ['tpschool', null, '示範國小管理員'],
    ] as const) {
      n++;
      ids[key] = makeNationalId('A', '1', String(3000000 + n));
      const a = await create.execute({
        username: `hd.${key}`,
        password: 'a long enough passphrase',
        displayName: name,
        nationalId: ids[key]!,
        email: `${key}@example.edu.tw`,
        emailVerified: true,
        phone: `09120000${String(n).padStart(2, '0')}`,
        phoneVerified: true,
        affiliation: school ? { schoolId: school, titles: ['學生'], ...TERM } : undefined,
        actor: 'test',
      });
      subs[key] = a.sub;
    }
    const grant = t.app.get(GrantStaffRoleUseCase);
    staff.boss = await grant.execute({ username: 'hd.boss', role: 'superadmin', actor: 'test' });
    staff.agent = await grant.execute({ username: 'hd.agent', role: 'helpdesk', actor: 'test' });
    staff.tcadmin = await grant.execute({
      username: 'hd.tcadmin',
      role: 'county-admin',
      county: '臺中市',
      actor: 'test',
    });
    staff.tpschool = await grant.execute({
      username: 'hd.tpschool',
      role: 'school-admin',
      schoolId: TAIPEI,
      actor: 'test',
    });
  });
  after(() => t?.close());

  it('grants one role per account, with its scope checked, audited', async () => {
    const grant = t.app.get(GrantStaffRoleUseCase);
    assert.equal(staff.tcadmin!.county, '臺中市');
    assert.equal(staff.tpschool!.schoolId, TAIPEI);
    const refused = async (
      cmd: Parameters<GrantStaffRoleUseCase['execute']>[0],
      field: string,
      code: string,
    ) => {
      await assert.rejects(grant.execute(cmd), (e: unknown) => {
        assert.ok(e instanceof ValidationFailed, String(e));
        assert.deepEqual(e.problems, [{ field, code }]);
        return true;
      });
    };
    await refused({ username: 'hd.tp', role: 'root', actor: 'test' }, 'role', 'format');
    await refused({ username: 'hd.tp', role: 'county-admin', actor: 'test' }, 'county', 'required');
    await refused(
      { username: 'hd.tp', role: 'county-admin', county: '火星市', actor: 'test' },
      'county',
      'unknown',
    );
    await refused(
      { username: 'hd.tp', role: 'school-admin', schoolId: '999999', actor: 'test' },
      'school',
      'unknown',
    );
    await refused(
      { username: 'hd.tp', role: 'helpdesk', county: '臺中市', actor: 'test' },
      'county',
      'not_allowed',
    );
    await assert.rejects(
      grant.execute({ username: 'nobody.here', role: 'helpdesk', actor: 'test' }),
      NotFound,
    );

    const list = await t.app.get(ListStaffUseCase).list();
    assert.deepEqual(list.map((s) => [s.username, s.role]).sort(), [
      ['hd.agent', 'helpdesk'],
      ['hd.boss', 'superadmin'],
      ['hd.tcadmin', 'county-admin'],
      ['hd.tpschool', 'school-admin'],
    ]);
    const audit: { n: number }[] = await t.app
      .get(DataSource)
      .query("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'staff.grant' AND actor = 'test'");
    assert.equal(Number(audit[0]!.n), 4);
  });

  it('a county admin sees only their county, a school admin only their school, helpdesk everyone', async () => {
    const scope = t.app.get(AccountScope);
    const sees = async (who: string, key: string) => {
      try {
        await scope.account(staff[who]!, subs[key], 'view');
        return true;
      } catch (e) {
        assert.ok(e instanceof OutOfScope, String(e));
        return false;
      }
    };
    assert.equal(await sees('tcadmin', 'tc'), true);
    assert.equal(await sees('tcadmin', 'tp'), false);
    assert.equal(await sees('tcadmin', 'boss'), false, 'no affiliation: no county');
    assert.equal(await sees('tpschool', 'tp'), true);
    assert.equal(await sees('tpschool', 'tp2'), false, 'same county, another school');
    assert.equal(await sees('tpschool', 'tc'), false);
    for (const key of ['tc', 'tp', 'tp2', 'boss']) {
      assert.equal(await sees('agent', key), true);
      assert.equal(await sees('boss', key), true);
    }
    // Garbage ids are the same "not found".
    await assert.rejects(scope.account(staff.boss!, "' OR 1=1 --", 'view'), OutOfScope);
    await assert.rejects(scope.account(staff.boss!, undefined, 'view'), OutOfScope);
    // Seeing a national ID in full is the superadmin's alone.
    await assert.rejects(scope.account(staff.agent!, subs.tc, 'reveal-national-id'), OutOfScope);
    assert.equal((await scope.account(staff.boss!, subs.tc, 'reveal-national-id')).sub, subs.tc);
  });

  it('searches by national ID (blind index), phone, email, username, name prefix and school, within scope', async () => {
    const search = t.app.get(SearchAccountsUseCase);
    const found = async (who: string, input: Record<string, string>) =>
      (await search.execute(staff[who]!, input)).hits.map((h) => h.username).sort();

    const byId = await search.execute(staff.agent!, { q: ids.tc!.toLowerCase() });
    assert.equal(byId.matchedBy, 'national-id');
    assert.deepEqual(
      byId.hits.map((h) => [h.username, h.nationalId, h.schools]),
      [['hd.tc', `${ids.tc!.slice(0, 2)}*****${ids.tc!.slice(7)}`, ['臺中市立示範國中']]],
    );
    assert.deepEqual(await found('agent', { q: '0912000002' }), ['hd.tp']);
    assert.deepEqual(await found('agent', { q: 'TP2@example.edu.tw' }), ['hd.tp2']);
    assert.deepEqual(await found('agent', { q: 'hd.tp@mail.edu.tw' }), ['hd.tp']);
    assert.deepEqual(await found('agent', { q: 'hd.tc' }), ['hd.tc']);
    assert.deepEqual(await found('agent', { q: '王' }), ['hd.tc', 'hd.tp']);
    assert.deepEqual(await found('agent', { school: TAIPEI }), ['hd.hacker', 'hd.tp']);
    assert.deepEqual(await found('agent', { q: '王', school: TAIPEI }), ['hd.tp']);
    // Scope applies to every kind of search.
    assert.deepEqual(await found('tcadmin', { q: '王' }), ['hd.tc']);
    assert.deepEqual(await found('tcadmin', { q: ids.tp! }), []);
    assert.deepEqual(await found('tcadmin', { school: TAIPEI }), []);
    assert.deepEqual(await found('tpschool', { q: '0912000003' }), []);
    // Injection and wildcards are only text.
    for (const q of ["' OR 1=1 --", '%', '_', '\\', '" OR ""="'])
      assert.deepEqual(await found('boss', { q }), [], q);
    assert.deepEqual(await found('boss', {}), []);
  });

  it('pages through results twenty at a time', async () => {
    const create = t.app.get(CreateAccountUseCase);
    for (let i = 0; i < 23; i++)
      await create.execute({
        username: `hd.many${i}`,
        password: 'a long enough passphrase',
        displayName: `陳同學${i}`,
        nationalId: makeNationalId('C', '2', String(5000000 + i)),
        affiliation: { schoolId: TAICHUNG, titles: ['學生'], ...TERM },
        actor: 'test',
      });
    const search = t.app.get(SearchAccountsUseCase);
    const one = await search.execute(staff.tcadmin!, { q: '陳同學' });
    const two = await search.execute(staff.tcadmin!, { q: '陳同學', page: '2' });
    assert.equal(one.hits.length, 20);
    assert.equal(one.hasNext, true);
    assert.equal(two.hits.length, 3);
    assert.equal(two.hasNext, false);
    assert.equal(new Set([...one.hits, ...two.hits].map((h) => h.sub)).size, 23);
    assert.equal((await search.execute(staff.tcadmin!, { q: '陳同學', page: '-5' })).page, 1);
  });

  it('counts for the dashboard: locked accounts within scope, service figures for all-account roles only', async () => {
    const db = t.app.get(DataSource);
    await db.query("UPDATE accounts SET status = 'locked' WHERE username IN ('hd.tc', 'hd.tp')");
    await t.app
      .get(AuditService)
      .record({ actor: 'x', action: 'login.complete', target: 'account:x', result: 'success' });
    await t.app
      .get(AuditService)
      .record({ actor: 'x', action: 'login.password', target: 'account:x', result: 'failure' });
    const dashboard = t.app.get(DashboardCountsUseCase);
    const all = await dashboard.execute(staff.agent!);
    assert.equal(all.lockedAccounts, 2);
    assert.deepEqual(all.service, {
      signInsToday: 1,
      // No `amr` in this event's details: counted, under "other".
      signInsByMethod: { password: 0, otp: 0, county: 0, certificate: 0, mobile: 0, other: 1 },
      failedSignInsToday: 1,
      failuresByStep: { 'login.password': 1 },
      pendingApplications: 0,
      queueDepth: 0,
      deadLetters: 0,
      lastVerification: null,
    });
    assert.deepEqual(await dashboard.execute(staff.tcadmin!), { lockedAccounts: 1, service: null });
    await db.query("UPDATE accounts SET status = 'active' WHERE username IN ('hd.tc', 'hd.tp')");
  });

  it('revoking ends the role', async () => {
    const revoke = t.app.get(RevokeStaffRoleUseCase);
    assert.deepEqual(await revoke.execute({ username: 'hd.tpschool', actor: 'test' }), { revoked: true });
    assert.deepEqual(await revoke.execute({ username: 'hd.tpschool', actor: 'test' }), { revoked: false });
    assert.equal(await t.app.get(ListStaffUseCase).bySub(subs.tpschool!), null);
  });
});
