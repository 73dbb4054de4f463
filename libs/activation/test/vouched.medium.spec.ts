import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import {
  ActivationFailed,
  ApplicationRefused,
  ApplyVouchedIdentityUseCase,
  ChooseCredentialsUseCase,
  CompleteActivationUseCase,
  ImportAccountsUseCase,
  ProveVouchedIdentityUseCase,
  RegisterContactsUseCase,
  VerifyContactsUseCase,
} from '#activation';
import { AccountRepository, ValidationFailed, makeNationalId } from '#identity-core';
import type { TestContext } from '#test-support';
import { activationContext, HEADER, lastCode } from './support.js';

const ctx = { ip: '203.0.113.9', userAgent: 'test' };
const ROSTERED = makeNationalId('K', '1', '3000001');
const NEWCOMER = makeNationalId('K', '2', '3000002');
const NOBODY = makeNationalId('K', '1', '3000003');
const LINK = { county: 'kh', subject: 'kh-subject', nid: 'index', terms: [] };

/**
 * A county trusted for national IDs vouching instead of an activation code (activation) or the
 * helpdesk (application): the flow starts at the account name with no code, and the county's
 * link ticket comes back when the account is activated.
 */
describe('vouched identities (使用縣市帳號證明身分) against MariaDB and Redis', () => {
  let t: TestContext;
  before(async () => {
    t = await activationContext();
    await t.app.get(ImportAccountsUseCase).execute({
      content: Buffer.from(`${HEADER}\n${ROSTERED},蘇學生,2011-05-10,074601,學生,3,05,三年五班,114,1`),
      actor: 'test',
    });
  });
  after(() => t.close());

  async function finish(token: string, username: string) {
    await t.app.get(ChooseCredentialsUseCase).execute({
      token,
      username,
      password: 'correct horse battery staple',
      passwordConfirm: 'correct horse battery staple',
    });
    await t.app
      .get(RegisterContactsUseCase)
      .execute({ token, email: `${username}@example.com`, phone: '', locale: 'zh-TW' });
    const code = await lastCode(t, `${username}@example.com`, 'contact.verify-email');
    await t.app.get(VerifyContactsUseCase).execute({ kind: 'activation', token, codes: { email: code } });
    return t.app.get(CompleteActivationUseCase).execute({ token }, ctx);
  }

  async function audit(action: string): Promise<{ result: string; details: Record<string, unknown> }[]> {
    return t.app
      .get(DataSource)
      .query('SELECT result, details FROM audit_events WHERE action = ? ORDER BY id', [action]);
  }

  it('activates a pending account without a code and hands the link ticket back', async () => {
    const prove = t.app.get(ProveVouchedIdentityUseCase);
    const { token } = await prove.execute({ nationalId: ROSTERED, via: 'county:kh', link: LINK }, ctx);
    const done = await finish(token, 'su.vouched');
    const account = await t.app.get(AccountRepository).findByNationalId(ROSTERED);
    assert.equal(account?.status, 'active');
    assert.deepEqual(done, { username: 'su.vouched', link: { accountSub: account.sub, ticket: LINK } });
    assert.equal((await audit('activation.identity')).at(-1)?.details.via, 'county:kh');
    assert.equal((await audit('account.activate')).at(-1)?.details.method, 'county:kh');
    // Active now, or nobody at all: the one ActivationFailed, the reason audited.
    await assert.rejects(prove.execute({ nationalId: ROSTERED, via: 'county:kh' }, ctx), ActivationFailed);
    await assert.rejects(prove.execute({ nationalId: NOBODY, via: 'county:kh' }, ctx), ActivationFailed);
    assert.deepEqual(
      (await audit('activation.identity')).slice(-2).map((e) => e.details.reason),
      ['account_active', 'unknown_account'],
    );
  });

  it('approves an application at once: a pending account, then the activation steps', async () => {
    const apply = t.app.get(ApplyVouchedIdentityUseCase);
    const first = await apply.execute(
      { nationalId: NEWCOMER, name: '許新人', via: 'county:kh', link: LINK },
      ctx,
    );
    assert.equal(first.existing, false);
    const pending = await t.app.get(AccountRepository).findByNationalId(NEWCOMER);
    assert.equal(pending?.status, 'pending');
    assert.equal(pending.displayName, '許新人');
    // The same person again before finishing: the same pending account, not a second one.
    const again = await apply.execute({ nationalId: NEWCOMER, name: '許新人', via: 'county:kh' }, ctx);
    assert.equal(again.existing, true);
    const done = await finish(first.token, 'hsu.applied');
    assert.equal(done.link?.accountSub, pending.sub);
    assert.equal((await audit('application.approve')).length, 1);
    assert.equal((await audit('account.provision')).at(-1)?.details.via, 'county:kh');
    // Active now: told so; no name from the county: refused as malformed.
    await assert.rejects(
      apply.execute({ nationalId: NEWCOMER, name: '許新人', via: 'county:kh' }, ctx),
      ApplicationRefused,
    );
    await assert.rejects(
      apply.execute({ nationalId: NOBODY, name: null, via: 'county:kh' }, ctx),
      ValidationFailed,
    );
    assert.equal(await t.app.get(AccountRepository).findByNationalId(NOBODY), null);
  });
});
