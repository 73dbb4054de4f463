import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { InteractionResults, Provider } from 'oidc-provider';
import { DataSource } from 'typeorm';
import { AccountRepository, DomainError, PiiService, type SignInProgress } from '#identity-core';
import { REDIS, isInfrastructureFailure } from '#platform';
import { MysqlArtifacts, RedisArtifacts } from './adapter/artifact-store.js';
import { ClientRepository } from './clients/client.repository.js';
import { SigningKeysService } from './keys/signing-keys.service.js';
import { OIDC_OPTIONS, type OidcOptions } from './oidc.options.js';
import { createProvider, ROUTES } from './provider.factory.js';
import { formPostCsp } from './form-post-csp.js';
import { essentialAcrValues, pinToIssuer } from './provider-policies.js';
import {
  authorizeBearer,
  releaseScopesToBearer,
  releaseToBearer,
  type ReleaseSources,
  type ResourceAccess,
  type ResourceRelease,
} from './resource-release.js';

type Req = IncomingMessage & { url: string };

export interface InteractionView {
  uid: string;
  prompt: 'login' | 'consent' | string;
  reasons: string[];
  clientId: string;
  clientName: string;
  firstParty: boolean;
  params: Record<string, unknown>;
  /** Scopes the RP asks for that the user has not granted yet (consent prompt). */
  missingScopes: string[];
  missingClaims: string[];
  /**
   * ACR values the RP requested as essential (`claims={"id_token":{"acr":{"essential":true,…}}}`)
   * and the current session does not have; the login must achieve one of them (OIDC Core 5.5.1.1).
   */
  essentialAcrValues?: string[];
  accountId?: string;
  /** Where the login stands (sign-in methods' steps), kept with this interaction; null before the first step. */
  signIn: SignInProgress | null;
}

/** The key of the sign-in progress in the interaction's `result` until the login is finished. */
const SIGN_IN = 'eduSsoSignIn';

export type { ResourceAccess, ResourceRelease };

export class InteractionExpired extends DomainError {
  constructor() {
    super('interaction_expired', 'the sign-in request expired or was already finished');
  }
}

/**
 * The only door into oidc-provider. The idp app hands it HTTP traffic and, after a login
 * method succeeded, the account id to finish the interaction with; it never sees passwords.
 */
@Injectable()
export class OidcService implements OnApplicationBootstrap, OnApplicationShutdown {
  private provider!: Provider;
  private handler!: (req: IncomingMessage, res: ServerResponse) => void;
  private keysVersion = '';
  private refreshTimer?: NodeJS.Timeout;
  private readonly logger = new Logger('oidc');
  private readonly issuerUrl: URL;
  /** The interaction each request loaded, so finishing it in the same request does not read it again. */
  private readonly loaded = new WeakMap<object, Awaited<ReturnType<Provider['interactionDetails']>>>();

  constructor(
    @Inject(OIDC_OPTIONS) private readonly options: OidcOptions,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly dataSource: DataSource,
    private readonly clients: ClientRepository,
    private readonly accounts: AccountRepository,
    private readonly pii: PiiService,
    private readonly keys: SigningKeysService,
  ) {
    this.issuerUrl = new URL(options.issuer);
  }

  async onApplicationBootstrap() {
    await this.build();
    if (this.options.keyRefreshSeconds > 0) {
      this.refreshTimer = setInterval(() => {
        this.refreshKeys().catch((e) => this.logger.error(`key refresh failed: ${(e as Error).message}`));
      }, this.options.keyRefreshSeconds * 1000);
      this.refreshTimer.unref();
    }
  }

  onApplicationShutdown() {
    clearInterval(this.refreshTimer);
  }

  private async build() {
    const jwks = await this.keys.providerJwks();
    this.keysVersion = await this.keys.version();
    this.provider = createProvider({
      options: this.options,
      stores: {
        redis: new RedisArtifacts(this.redis, this.options.redisPrefix),
        mysql: new MysqlArtifacts(this.dataSource),
        clients: this.clients,
      },
      accounts: this.accounts,
      pii: this.pii,
      jwks,
    });
    this.provider.use(formPostCsp());
    // MySQL or Redis not answering (StorageUnavailable): 503 with the same Retry-After as the pages.
    this.provider.use(async (ctx, next) => {
      await next();
      if (ctx.status === 503) ctx.set('Retry-After', '30');
    });
    this.provider.on('server_error', (_ctx, err) => this.logger.error(`provider error: ${err.message}`));
    this.provider.on('backchannel.error', (_ctx, err, client) =>
      this.logger.warn(`back-channel logout to ${client.clientId} failed: ${err.message}`),
    );
    this.handler = this.provider.callback();
  }

  /** Picks up keys rotated by another process (keys:rotate) without a restart. */
  async refreshKeys(): Promise<boolean> {
    if ((await this.keys.version()) === this.keysVersion) return false;
    await this.build();
    return true;
  }

  get issuer(): string {
    return this.options.issuer;
  }

  /** Hands a request to the engine, its Host pinned to the configured issuer first (see pinToIssuer). */
  handle(req: IncomingMessage, res: ServerResponse): void {
    pinToIssuer(req.headers, this.issuerUrl, this.options.trustProxy);
    this.handler(req, res);
  }

  static isProtocolPath(path: string): boolean {
    return path.startsWith('/oidc/v1/') || path.startsWith('/.well-known/');
  }

  async interaction(req: Req, res: ServerResponse): Promise<InteractionView> {
    let details;
    try {
      details = await this.provider.interactionDetails(req, res);
      this.loaded.set(req, details);
    } catch (e) {
      // Redis not answering is an outage (503, try again), not an expired login.
      if (isInfrastructureFailure(e)) throw e;
      throw new InteractionExpired();
    }
    const clientId = String(details.params.client_id);
    const client = await this.provider.Client.find(clientId);
    const prompt = details.prompt as { name: string; reasons: string[]; details: Record<string, unknown> };
    return {
      uid: details.uid,
      prompt: prompt.name,
      reasons: prompt.reasons,
      clientId,
      clientName: client?.clientName ?? clientId,
      firstParty: Boolean((client?.metadata() as { first_party?: boolean } | undefined)?.first_party),
      params: details.params,
      missingScopes: (prompt.details.missingOIDCScope as string[] | undefined) ?? [],
      missingClaims: (prompt.details.missingOIDCClaims as string[] | undefined) ?? [],
      essentialAcrValues: essentialAcrValues(prompt),
      accountId: details.session?.accountId,
      signIn: ((details.result as Record<string, unknown> | undefined)?.[SIGN_IN] as SignInProgress) ?? null,
    };
  }

  /**
   * Keeps the login's progress with the engine's interaction (stored in Redis with it, expiring with
   * it), so the next step may reach any idp process. The engine ignores the key: a browser sent to
   * the resume URL before the login is finished just gets a new login page.
   */
  async saveSignIn(req: Req, res: ServerResponse, progress: SignInProgress): Promise<void> {
    try {
      await this.saveResult(req, res, { [SIGN_IN]: progress } as InteractionResults, false);
    } catch (e) {
      if (isInfrastructureFailure(e)) throw e;
      throw new InteractionExpired();
    }
  }

  /** Returns the URL to send the browser to (the provider resumes the authorization). */
  async finishLogin(
    req: Req,
    res: ServerResponse,
    login: { accountId: string; amr: string[]; acr: string; ts?: number },
  ) {
    return this.finish(req, res, {
      login: { accountId: login.accountId, amr: login.amr, acr: login.acr, ts: login.ts, remember: true },
    });
  }

  async finishConsent(req: Req, res: ServerResponse) {
    const details =
      this.loaded.get(req) ??
      (await this.provider.interactionDetails(req, res).catch(() => {
        throw new InteractionExpired();
      }));
    this.loaded.set(req, details);
    const { prompt, params, session } = details;
    if (!session?.accountId) throw new InteractionExpired();
    const grant = details.grantId
      ? ((await this.provider.Grant.find(details.grantId)) ??
        new this.provider.Grant({ accountId: session.accountId, clientId: String(params.client_id) }))
      : new this.provider.Grant({ accountId: session.accountId, clientId: String(params.client_id) });
    const missing = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    return this.finish(req, res, { consent: { grantId } }, true);
  }

  async abort(req: Req, res: ServerResponse, error = 'access_denied', description = 'the user cancelled') {
    return this.finish(req, res, { error, error_description: description });
  }

  private async finish(
    req: Req,
    res: ServerResponse,
    result: InteractionResults,
    merge = false,
  ): Promise<string> {
    try {
      return await this.saveResult(req, res, result, merge);
    } catch {
      throw new InteractionExpired();
    }
  }

  /**
   * The engine's interactionResult, without reading the interaction from Redis a second time when
   * this request already loaded it (interaction()): the same checks passed moments ago on the same
   * cookie, and the same save with the interaction's remaining lifetime follows.
   */
  private async saveResult(
    req: Req,
    res: ServerResponse,
    result: InteractionResults,
    merge: boolean,
  ): Promise<string> {
    const interaction = this.loaded.get(req);
    if (!interaction)
      return this.provider.interactionResult(req, res, result, { mergeWithLastSubmission: merge });
    interaction.result =
      merge && !('error' in result) ? { ...interaction.lastSubmission, ...result } : result;
    await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
    return interaction.returnTo;
  }

  /** The account signed in on this browser, if any (for the issuer's home page). */
  async sessionAccountId(req: IncomingMessage, res: ServerResponse): Promise<string | undefined> {
    const ctx = this.provider.createContext(req, res);
    const session = await this.provider.Session.get(ctx as never);
    return session?.accountId;
  }

  /** The public id of this browser's SSO session (My account marks "this device"). */
  async sessionUid(req: IncomingMessage, res: ServerResponse): Promise<string | undefined> {
    const ctx = this.provider.createContext(req, res);
    const session = await this.provider.Session.get(ctx as never);
    return session?.accountId ? session.uid : undefined;
  }

  /**
   * What a resource API (eduinfo, personid, guid) may return for a Bearer token: the claims of
   * `scope`, if the token was granted it and the client may still receive it (release policy).
   */
  async release(authorization: string | undefined, scope: string): Promise<ResourceRelease> {
    return releaseToBearer(this.releaseSources(), authorization, scope);
  }

  /**
   * For resource APIs whose answer is built elsewhere (the `relation` API, from #directory): the
   * account a Bearer token may read `scope` of, under the same release policy, or why not.
   */
  async authorizeResource(authorization: string | undefined, scope: string): Promise<ResourceAccess> {
    return authorizeBearer(this.releaseSources(), authorization, scope);
  }

  /** The legacy profile API: scope `required`, then the claims of those of `scopes` the token may read. */
  async releaseScopes(
    authorization: string | undefined,
    required: string,
    scopes: readonly string[],
  ): Promise<ResourceRelease> {
    return releaseScopesToBearer(this.releaseSources(), authorization, required, scopes);
  }

  private releaseSources(): ReleaseSources {
    const { AccessToken, Grant, Client } = this.provider;
    return {
      findAccessToken: (token) => AccessToken.find(token),
      findGrant: (grantId) => Grant.find(grantId),
      findClient: (clientId) => Client.find(clientId),
      findAccount: (sub) => this.accounts.findWithAffiliations(sub),
      pii: this.pii,
      issuer: this.options.issuer,
    };
  }

  get routes() {
    return ROUTES;
  }
}
