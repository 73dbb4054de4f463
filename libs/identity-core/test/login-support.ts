import { Global, Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import {
  ATTEMPT_GATE_OPTIONS,
  CreateAccountUseCase,
  PasswordAuthenticator,
  SessionTerminator,
  makeNationalId,
  type AccountEntity,
  type AttemptGateOptions,
  type AuthResult,
} from '#identity-core';
import { REDIS } from '#platform';
import { identityCoreContext, type TestContext } from '#test-support';

export const PW = 'correct horse battery staple';
export const WRONG = 'wrong horse battery staple';

/** A result as a short string, e.g. `invalid_credentials`, `locked:30`, `locked` (permanent), `success`. */
export function short(r: AuthResult): string {
  if (r.status === 'success') return 'success';
  return r.retryAfterSeconds === undefined ? r.reason : `${r.reason}:${r.retryAfterSeconds}`;
}

@Global()
@Module({
  providers: [{ provide: SessionTerminator, useValue: { terminateAll: async () => undefined } }],
  exports: [SessionTerminator],
})
class NoSessionsModule {}

/** Identity core with its own gate namespace; `close` also removes this run's Redis keys. */
export async function loginContext(
  gate: Partial<AttemptGateOptions> = {},
  env: Record<string, string> = {},
): Promise<LoginHarness> {
  const t = await identityCoreContext({
    imports: [NoSessionsModule as never], // disabling ends sessions; none exist here
    env,
    overrides: [...(Object.keys(gate).length ? [{ provide: ATTEMPT_GATE_OPTIONS, useValue: gate }] : [])],
  });
  return new LoginHarness(t, [gate.namespace, t.config.redisPrefix]);
}

let nidSeq = 0;
let ipSeq = 0;

/** A fresh IPv4 address from 10/8 for every call: tests pick their sources explicitly. */
export function nextIp(): string {
  ipSeq++;
  return `10.${(ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`;
}

export class LoginHarness {
  readonly auth: PasswordAuthenticator;

  constructor(
    readonly t: TestContext,
    private readonly namespaces: (string | undefined)[],
  ) {
    this.auth = t.app.get(PasswordAuthenticator);
  }

  createAccount(username: string): Promise<AccountEntity> {
    return this.t.app.get(CreateAccountUseCase).execute({
      username,
      password: PW,
      displayName: '測試帳號',
      nationalId: makeNationalId('B', '2', String(1000000 + ++nidSeq)),
      actor: 'test',
    });
  }

  login(name: string, password: string, ip: string | null, captchaSolved = false): Promise<AuthResult> {
    return this.auth.verify({ login: name, password }, { ip, userAgent: 'medium-test', captchaSolved });
  }

  /** `count` wrong passwords from one IP, waiting out each wait in between (on the fake clock). */
  async failRepeatedly(name: string, count: number, ip: string, captchaSolved = false): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const r = await this.login(name, WRONG, ip, captchaSolved);
      out.push(short(r));
      if (r.status === 'failure' && r.retryAfterSeconds) this.t.clock.advance(r.retryAfterSeconds * 1000);
    }
    return out;
  }

  async close(): Promise<void> {
    // Permanent locks have no TTL: remove this run's keys from the shared Redis.
    const redis = this.t.app.get<Redis>(REDIS);
    for (const ns of new Set(this.namespaces.filter(Boolean))) {
      const keys = [...(await redis.keys(`gate:${ns}:*`)), ...(await redis.keys(`bf:${ns}:*`))];
      if (keys.length) await redis.del(...keys);
    }
    await this.t.close();
  }
}
