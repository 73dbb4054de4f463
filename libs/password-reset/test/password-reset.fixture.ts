import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach } from 'node:test';
import { Global, Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import {
  CreateAccountUseCase,
  PiiService,
  SessionTerminator,
  makeNationalId,
  type AccountEntity,
  type AuthContext,
} from '#identity-core';
import { NotificationOutboxEntity, type NotificationRequest } from '#notifications';
import { REDIS } from '#platform';
import {
  CheckResetTicketUseCase,
  CompleteResetUseCase,
  FindResetChannelsUseCase,
  PasswordResetModule,
  RemindUsernameUseCase,
  ResetSecondFactor,
  SendResetUseCase,
  VerifyResetCodeUseCase,
} from '#password-reset';
import { identityCoreContext, type TestContext } from '#test-support';

export const OLD_PW = 'an old and long passphrase';
export const NEW_PW = 'a brand new passphrase 2026';

/** The OIDC engine's port, recorded (and made to fail on demand). */
class FakeSessions extends SessionTerminator {
  ended: string[] = [];
  failNext = false;
  async terminateAll(sub: string): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('engine unavailable');
    }
    this.ended.push(sub);
  }
}
export const sessions = new FakeSessions();

@Global()
@Module({ providers: [{ provide: SessionTerminator, useValue: sessions }], exports: [SessionTerminator] })
class FakeSessionsModule {}

export const secondFactor = {
  needed: false,
  async required() {
    return secondFactor.needed;
  },
};

const namespace = `t-pr-${randomBytes(5).toString('hex')}`;

/**
 * The password-reset lib on a fresh database with its hooks registered in the calling suite:
 * the use cases (read them after the suite's first `before`) and the helpers the specs share.
 */
export function passwordResetFixture() {
  let t: TestContext;
  let find: FindResetChannelsUseCase;
  let send: SendResetUseCase;
  let verify: VerifyResetCodeUseCase;
  let check: CheckResetTicketUseCase;
  let complete: CompleteResetUseCase;
  let remind: RemindUsernameUseCase;
  let ds: DataSource;
  let pii: PiiService;
  let ipSeq = 0;
  let seq = 0;

  before(async () => {
    t = await identityCoreContext({
      imports: [
        FakeSessionsModule as never,
        PasswordResetModule.forRootAsync({
          useFactory: () => ({
            secret: randomBytes(32),
            resetLinkUrl: 'https://idp.example/forgot/reset',
            namespace,
            sendsPerSubject: { max: 5, windowSeconds: 3600 },
            requestsPerIp: { max: 3, windowSeconds: 900 },
            remindersPerSubject: { max: 3, windowSeconds: 3600 },
          }),
        }) as never,
      ],
      overrides: [{ provide: ResetSecondFactor, useValue: secondFactor }],
    });
    find = t.app.get(FindResetChannelsUseCase);
    send = t.app.get(SendResetUseCase);
    verify = t.app.get(VerifyResetCodeUseCase);
    check = t.app.get(CheckResetTicketUseCase);
    complete = t.app.get(CompleteResetUseCase);
    remind = t.app.get(RemindUsernameUseCase);
    ds = t.app.get(DataSource);
    pii = t.app.get(PiiService);
  });

  after(async () => {
    const redis = t.app.get<Redis>(REDIS);
    const keys = [
      ...(await redis.keys(`${namespace}:*`)),
      ...(await redis.keys(`bf:${t.config.redisPrefix}:*`)),
    ];
    if (keys.length) await redis.del(...keys);
    await t.close();
  });

  beforeEach(() => {
    secondFactor.needed = false;
  });

  /** A new IP per call, so only the IP-limit test meets the IP limit. */
  const ctx = (): AuthContext => ({ ip: `10.9.${(++ipSeq >> 8) & 255}.${ipSeq & 255}`, userAgent: 'medium' });

  async function createAccount(
    over: { email?: boolean; phone?: boolean; birthDate?: string } = {},
  ): Promise<AccountEntity & { nationalId: string }> {
    const n = ++seq;
    const nationalId = makeNationalId('E', '2', String(3000000 + n));
    const account = await t.app.get(CreateAccountUseCase).execute({
      username: `reset.user${n}`,
      password: OLD_PW,
      displayName: '陳小明',
      nationalId,
      birthDate: over.birthDate ?? '1996-03-15',
      email: over.email === false ? undefined : `reset${n}@example.edu.tw`,
      emailVerified: over.email !== false,
      phone: over.phone === false ? undefined : `09120000${String(n).padStart(2, '0')}`,
      phoneVerified: over.phone !== false,
      actor: 'test',
    });
    return Object.assign(account, { nationalId });
  }

  /** Outbox rows written since `sinceId`, decrypted. */
  async function outboxSince(sinceId: string): Promise<NotificationRequest[]> {
    const rows = await ds
      .getRepository(NotificationOutboxEntity)
      .createQueryBuilder('o')
      .where('o.id > :sinceId', { sinceId })
      .orderBy('o.id')
      .getMany();
    return rows.map((r) => JSON.parse(pii.decrypt(r.payloadCipher)) as NotificationRequest);
  }
  async function lastOutboxId(): Promise<string> {
    const [row] = await ds.query('SELECT COALESCE(MAX(id), 0) AS id FROM notification_outbox');
    return String(row.id);
  }

  async function startEmail(identifier: string) {
    const choices = await find.execute({ identifier, ctx: ctx() });
    const mark = await lastOutboxId();
    const sent = await send.execute({ flow: choices.flow, channel: 'email', locale: 'zh-TW', ctx: ctx() });
    const [mail] = await outboxSince(mark);
    const token = mail ? new URL(mail.data.link!).searchParams.get('token')! : null;
    return { choices, sent, mail, token };
  }

  /**
   * An unknown username whose look-alike choices include email. The choices derive from a key
   * that is random per test run, so a fixed name would offer SMS only in some runs.
   */
  async function unknownWithEmail(prefix: string): Promise<string> {
    for (let i = 0; i < 50; i++) {
      const candidate = `${prefix}.${i}`;
      const { channels } = await find.execute({ identifier: candidate, ctx: ctx() });
      if (channels.some((c) => c.kind === 'email')) return candidate;
    }
    throw new Error('no look-alike with email among 50 names');
  }

  async function startSms(identifier: string) {
    const choices = await find.execute({ identifier, ctx: ctx() });
    const mark = await lastOutboxId();
    const sent = await send.execute({ flow: choices.flow, channel: 'sms', locale: 'zh-TW', ctx: ctx() });
    const [sms] = await outboxSince(mark);
    assert.ok('ticket' in sent);
    return { sent, sms, ticket: sent.ticket, code: sms?.data.code };
  }

  const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  return {
    world: () => ({ t, find, send, verify, check, complete, remind, ds, pii }),
    ctx,
    createAccount,
    outboxSince,
    lastOutboxId,
    startEmail,
    unknownWithEmail,
    startSms,
    wrongCode,
  };
}
