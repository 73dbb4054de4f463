import { Agent } from 'node:http';
import { CreateAccountUseCase, makeNationalId, UpsertSchoolUseCase } from '#identity-core';
import { CreateClientUseCase, OidcModule, oidcRedisPrefix } from '#oidc';
import { APP_CONFIG, type AppConfig } from '#platform';
import {
  appEnv,
  identityCoreContext,
  TestRelyingParty,
  type RunningApp,
  type TestContext,
} from '#test-support';
import type { LoginTarget } from '../../bench/lib/flows.js';
import { request } from '../../bench/lib/http.js';

export const STUDENT = {
  username: 'scale.student',
  password: 'a long and lovely passphrase',
  nationalId: makeNationalId('F', '1', '2345678'),
};

/**
 * What the process-level tests share: a database with one school, one student and one confidential
 * client, a relying party callback, and the environment to start idp and worker processes with.
 * The tests start the apps themselves (several, with their own settings).
 */
export class ScaleHarness {
  ctx!: TestContext;
  rp!: TestRelyingParty;
  env!: Record<string, string>;
  idp!: RunningApp;
  private client!: { id: string; secret: string };

  /** `imports`: more modules for the test's own context (e.g. the notification outbox). */
  async start(envExtra: Record<string, string> = {}, imports: never[] = []): Promise<this> {
    this.ctx = await identityCoreContext({
      imports: [
        OidcModule.forManagement({
          inject: [APP_CONFIG as never],
          useFactory: (c: AppConfig) => ({ redisPrefix: oidcRedisPrefix(c.redisPrefix) }),
        }) as never,
        ...imports,
      ],
    });
    await this.ctx.app
      .get(UpsertSchoolUseCase)
      .execute({ eduid: '074601', name: '臺中市立示範國中', county: '臺中市' });
    await this.ctx.app.get(CreateAccountUseCase).execute({
      ...STUDENT,
      displayName: '林小華',
      email: 'scale.student@example.edu.tw',
      emailVerified: true,
      affiliation: { schoolId: '074601', titles: ['學生'], year: '115', semester: '1' },
      actor: 'test',
    });
    this.rp = await new TestRelyingParty().start();
    const { client, secret } = await this.ctx.app.get(CreateClientUseCase).execute({
      name: 'Scale RP',
      redirectUris: [this.rp.callback],
      scopes: ['openid', 'profile'],
      firstParty: true, // no consent page: the flow is the bench's (c)
      actor: 'test',
    });
    this.client = { id: client.clientId, secret: secret! };
    this.env = await appEnv(this.ctx.config.databaseUrl, {
      REDIS_PREFIX: this.ctx.config.redisPrefix,
      ...envExtra,
    });
    return this;
  }

  /** The bench's login target (flow c) against an idp at `url`, endpoints from its discovery. */
  async loginTarget(url: string): Promise<LoginTarget> {
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const res = await request(agent, new URL('/.well-known/openid-configuration', url));
    const d = JSON.parse(res.body) as { token_endpoint: string; authorization_endpoint: string };
    return {
      base: new URL(url),
      agent,
      tokenPath: new URL(d.token_endpoint).pathname,
      authorizePath: new URL(d.authorization_endpoint).pathname,
      clientId: this.client.id,
      secret: this.client.secret,
      redirectUri: this.rp.callback,
      scope: 'openid profile',
    };
  }

  async stop(): Promise<void> {
    await this.idp?.stop();
    await this.rp?.stop();
    await this.ctx?.close();
  }
}
