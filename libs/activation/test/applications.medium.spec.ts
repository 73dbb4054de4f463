import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import {
  ApplicationRefused,
  ApproveApplicationUseCase,
  ChooseCredentialsUseCase,
  CompleteActivationUseCase,
  DescribeFlowUseCase,
  FlowExpired,
  ListApplicationsUseCase,
  ProveIdentityUseCase,
  RegisterContactsUseCase,
  RejectApplicationUseCase,
  StartApplicationUseCase,
  SubmitApplicationUseCase,
  VerifyContactsUseCase,
} from '#activation';
import {
  AccountRepository,
  CreateAccountUseCase,
  NotFound,
  TooManyAttempts,
  ValidationFailed,
  makeNationalId,
  type DomainError,
} from '#identity-core';
import type { TestContext } from '#test-support';
import { activationContext, lastCode, outbox } from './support.js';

const ctx = { ip: '198.51.100.9', userAgent: 'test' };
const problems = (e: unknown) => (e as ValidationFailed).problems.map((p) => `${p.field}:${p.code}`);

describe('applications (申請教育雲端帳號) against MariaDB and Redis', () => {
  let t: TestContext;
  const NEW = makeNationalId('K', '1', '3000001');
  const EXISTING = makeNationalId('K', '2', '3000002');

  before(async () => {
    t = await activationContext();
    await t.app.get(CreateAccountUseCase).execute({
      username: 'already.here',
      password: 'correct horse battery staple',
      displayName: '老用戶',
      nationalId: EXISTING,
      actor: 'test',
    });
  });
  after(() => t.close());

  /** Form → both codes → submitted; returns what the applicant saw at each step. */
  async function apply(nationalId: string, email: string, phone: string, name = '終身學習者') {
    const { token } = await t.app
      .get(StartApplicationUseCase)
      .execute({ nationalId, name, birthDate: '69/02/29', email, phone, locale: 'zh-TW' }, ctx);
    const view = await t.app.get(DescribeFlowUseCase).apply(token);
    const verify = await t.app.get(VerifyContactsUseCase).execute({
      kind: 'apply',
      token,
      codes: {
        email: await lastCode(t, email.toLowerCase(), 'contact.verify-email'),
        phone: await lastCode(t, phone.replace(/\D/g, ''), 'contact.verify-phone'),
      },
    });
    await t.app.get(SubmitApplicationUseCase).execute({ token });
    return { token, view, verify };
  }

  it('validates the form field by field', async () => {
    await assert.rejects(
      t.app.get(StartApplicationUseCase).execute(
        {
          nationalId: 'K12345678',
          name: '',
          birthDate: '2099-01-01',
          email: 'x@',
          phone: '',
          locale: 'zh-TW',
        },
        ctx,
      ),
      (e) => {
        assert.deepEqual(problems(e), [
          'nationalId:format',
          'name:empty',
          'birthDate:out_of_range',
          'email:format',
          'phone:empty',
        ]);
        return true;
      },
    );
  });

  it('queues the application once both contacts are verified, and mails "received"', async () => {
    const r = await apply(NEW, 'learner@example.com', '0922333444');
    assert.deepEqual(
      r.view?.contacts.map((c) => [c.channel, c.value, c.verified]),
      [
        ['email', 'learner@example.com', false],
        ['phone', '0922333444', false],
      ],
    );
    assert.equal(r.verify.allVerified, true);
    const [row] = await t.app.get(DataSource).query('SELECT * FROM account_applications');
    assert.equal(row.status, 'pending');
    assert.equal(row.birth_date, '1980-02-29');
    assert.equal(row.duplicate_of, null);
    assert.ok(!String(row.national_id_cipher).includes(NEW));
    const received = (await outbox(t)).filter((m) => m.template === 'application.received');
    // A random reference number (not the row id), shown as ABCD-EFGH, with the status page's link.
    assert.match(row.reference, /^[2-9A-HJ-NP-Z]{8}$/);
    assert.deepEqual(
      received.map((m) => [m.to, m.data.name, m.data.reference, m.data.link]),
      [
        [
          'learner@example.com',
          '終身學習者',
          `${row.reference.slice(0, 4)}-${row.reference.slice(4)}`,
          'https://sso.example.edu.tw/apply/status',
        ],
      ],
    );
    assert.equal(
      (await t.app.get(DescribeFlowUseCase).apply(r.token))?.reference,
      received[0]!.data.reference,
    );
    await assert.rejects(t.app.get(SubmitApplicationUseCase).execute({ token: r.token }), FlowExpired);
  });

  it('an ID that already has an account or application goes exactly the same way; only the reviewer sees it', async () => {
    const a = await apply(EXISTING, 'dup@example.com', '0922333555', '重複者');
    const b = await apply(NEW, 'again@example.com', '0922333666', '再次申請');
    for (const r of [a, b]) {
      assert.equal(r.verify.allVerified, true);
      assert.equal((await t.app.get(DescribeFlowUseCase).apply(r.token))?.step, 'done');
    }
    const list = await t.app.get(ListApplicationsUseCase).execute();
    assert.deepEqual(
      list.map((x) => [x.name, x.duplicateOf]),
      [
        ['終身學習者', 'application'],
        ['重複者', 'account'],
        ['再次申請', 'application'],
      ],
    );
    for (const x of list) assert.match(x.nationalId, /^K[12]\*{5}\d{3}$/);
    const received = (await outbox(t)).filter((m) => m.template === 'application.received');
    assert.equal(received.length, 3, 'everybody gets the same "received" mail');
  });

  it('approval creates a pending account with the verified contacts and mails an activation code', async () => {
    const [first] = await t.app.get(ListApplicationsUseCase).execute();
    const r = await t.app
      .get(ApproveApplicationUseCase)
      .execute({ id: first!.id, reviewer: 'admin:helpdesk' });
    const account = (await t.app.get(AccountRepository).findBySub(r.accountSub))!;
    assert.deepEqual(
      [account.status, account.username, account.email, account.emailVerified, account.phoneVerified],
      ['pending', null, 'learner@example.com', true, true],
    );
    const mails = (await outbox(t)).filter((m) => m.to === 'learner@example.com');
    // One mail: the decision with the reference, the activation code and where to use it.
    const approved = mails.filter((m) => m.template === 'application.approved');
    assert.equal(approved.length, 1);
    assert.equal(mails.filter((m) => m.template === 'activation.code-issued').length, 0);
    assert.match(approved[0]!.data.code!, /^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    assert.match(approved[0]!.data.reference!, /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    assert.equal(approved[0]!.data.link, 'https://sso.example.edu.tw/activate');
    const code = approved[0]!;

    // The second pending application for the same person is now a duplicate of an account.
    const again = (await t.app.get(ListApplicationsUseCase).execute()).find((x) => x.name === '再次申請')!;
    assert.equal(again.duplicateOf, 'account');
    await assert.rejects(
      t.app.get(ApproveApplicationUseCase).execute({ id: again.id, reviewer: 'admin:helpdesk' }),
      (e: DomainError) => e instanceof ApplicationRefused && e.code === 'application_duplicate_account',
    );
    await assert.rejects(
      t.app.get(ApproveApplicationUseCase).execute({ id: first!.id, reviewer: 'admin:helpdesk' }),
      (e: DomainError) => e.code === 'application_not_pending',
    );
    await assert.rejects(
      t.app.get(ApproveApplicationUseCase).execute({ id: '999999', reviewer: 'x' }),
      NotFound,
    );

    // The applicant finishes on the same activation page as everybody; the verified contacts need no new code.
    const { token } = await t.app
      .get(ProveIdentityUseCase)
      .execute({ nationalId: NEW, birthDate: '1980-02-29', code: code!.data.code! }, ctx);
    const view = await t.app.get(DescribeFlowUseCase).activation(token);
    assert.deepEqual([view?.knownEmail, view?.knownPhone], ['learner@example.com', '0922333444']);
    await t.app.get(ChooseCredentialsUseCase).execute({
      token,
      username: 'life.learner',
      password: 'never too late to learn',
      passwordConfirm: 'never too late to learn',
    });
    const reg = await t.app
      .get(RegisterContactsUseCase)
      .execute({ token, email: 'learner@example.com', phone: '0922333444', locale: 'zh-TW' });
    assert.equal(reg.allVerified, true);
    await t.app.get(CompleteActivationUseCase).execute({ token }, ctx);
    assert.equal((await t.app.get(AccountRepository).findBySub(r.accountSub))?.status, 'active');
  });

  it('rejection needs a reason, which is mailed; decided applications stay decided', async () => {
    const dup = (await t.app.get(ListApplicationsUseCase).execute()).find((x) => x.name === '重複者')!;
    const reject = t.app.get(RejectApplicationUseCase);
    await assert.rejects(reject.execute({ id: dup.id, reason: '  ', reviewer: 'admin:helpdesk' }), (e) => {
      assert.deepEqual(problems(e), ['reason:empty']);
      return true;
    });
    await assert.rejects(
      reject.execute({ id: dup.id, reason: 'x'.repeat(501), reviewer: 'a' }),
      ValidationFailed,
    );
    await reject.execute({
      id: dup.id,
      reason: '您已有教育雲端帳號，請使用「忘記密碼」。',
      reviewer: 'admin:helpdesk',
    });
    const mail = (await outbox(t)).find((m) => m.template === 'application.rejected');
    assert.deepEqual(
      [mail?.to, mail?.data.reason],
      ['dup@example.com', '您已有教育雲端帳號，請使用「忘記密碼」。'],
    );
    await assert.rejects(reject.execute({ id: dup.id, reason: 'again', reviewer: 'a' }), ApplicationRefused);
    const all = await t.app.get(ListApplicationsUseCase).execute({ status: 'rejected' });
    assert.deepEqual(
      all.map((x) => [x.name, x.reviewer, x.reason]),
      [['重複者', 'admin:helpdesk', '您已有教育雲端帳號，請使用「忘記密碼」。']],
    );
  });

  it('limits applications per national ID and codes per address', async () => {
    const id = makeNationalId('L', '1', '3000003');
    const start = t.app.get(StartApplicationUseCase);
    for (let i = 0; i < 5; i++)
      await start.execute(
        {
          nationalId: id,
          name: '甲',
          birthDate: '1990-01-01',
          email: `l${i}@example.com`,
          phone: `093000000${i}`,
          locale: 'en',
        },
        ctx,
      );
    await assert.rejects(
      start.execute(
        {
          nationalId: id,
          name: '甲',
          birthDate: '1990-01-01',
          email: 'l9@example.com',
          phone: '0930000009',
          locale: 'en',
        },
        ctx,
      ),
      TooManyAttempts,
    );
    const other = (n: number) => makeNationalId('M', '1', String(3000100 + n));
    for (let i = 0; i < 10; i++)
      await start.execute(
        {
          nationalId: other(i),
          name: '乙',
          birthDate: '1990-01-01',
          email: 'target@example.com',
          phone: `09400000${10 + i}`,
          locale: 'en',
        },
        ctx,
      );
    await assert.rejects(
      start.execute(
        {
          nationalId: other(11),
          name: '乙',
          birthDate: '1990-01-01',
          email: 'target@example.com',
          phone: '0940000099',
          locale: 'en',
        },
        ctx,
      ),
      TooManyAttempts,
      'one address gets at most 10 codes an hour, whoever asks',
    );
  });
});
