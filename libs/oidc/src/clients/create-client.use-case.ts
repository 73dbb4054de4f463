import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService, PiiService, ValidationFailed } from '#identity-core';
import { SUPPORTED_SCOPES } from '../claims/scopes.js';
import { validClientUrl } from './client-rules.js';
import { ClientRepository } from './client.repository.js';
import { OidcClientEntity } from './oidc-client.entity.js';

export interface CreateClientCommand {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  scopes?: string[];
  firstParty?: boolean;
  /** Public clients (SPAs, apps) have no secret and must use PKCE. */
  public?: boolean;
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
  /** For private_key_jwt: the client's public JWKS URI. */
  jwksUri?: string;
  backchannelLogoutUri?: string;
  grantTypes?: ('authorization_code' | 'refresh_token' | 'client_credentials')[];
  approvePersonid?: boolean;
  /** false: redirect URIs must be https, even to this machine (the portal in production). */
  loopbackHttp?: boolean;
  actor: string;
}

const validUrl = (value: string, loopbackHttp?: boolean) => validClientUrl(value, loopbackHttp ?? true);

@Injectable()
export class CreateClientUseCase {
  constructor(
    private readonly clients: ClientRepository,
    private readonly pii: PiiService,
    private readonly audit: AuditService,
  ) {}

  /** Returns the client and, for confidential clients, its secret — shown once, never again. */
  async execute(cmd: CreateClientCommand): Promise<{ client: OidcClientEntity; secret: string | null }> {
    const problems: { field: string; code: string }[] = [];
    const name = cmd.name.trim();
    if (!name || name.length > 128) problems.push({ field: 'name', code: 'format' });
    if (!cmd.redirectUris.length && !cmd.grantTypes?.every((g) => g === 'client_credentials'))
      problems.push({ field: 'redirectUri', code: 'required' });
    if (!cmd.redirectUris.every((u) => validUrl(u, cmd.loopbackHttp)))
      problems.push({ field: 'redirectUri', code: 'format' });
    if (!(cmd.postLogoutRedirectUris ?? []).every((u) => validUrl(u, cmd.loopbackHttp)))
      problems.push({ field: 'postLogoutRedirectUri', code: 'format' });
    if (cmd.backchannelLogoutUri && !validUrl(cmd.backchannelLogoutUri, cmd.loopbackHttp))
      problems.push({ field: 'backchannelLogoutUri', code: 'format' });
    const scopes = cmd.scopes?.length ? cmd.scopes : ['openid', 'profile', 'email'];
    if (!scopes.every((s) => SUPPORTED_SCOPES.includes(s)))
      problems.push({ field: 'scopes', code: 'unsupported' });
    if (scopes.includes('personid') && !cmd.approvePersonid)
      problems.push({ field: 'scopes', code: 'personid_needs_approval' });
    if (cmd.public && cmd.grantTypes?.includes('client_credentials'))
      problems.push({ field: 'public', code: 'no_client_credentials' });
    if (cmd.tokenEndpointAuthMethod === 'private_key_jwt' && !cmd.jwksUri)
      problems.push({ field: 'jwksUri', code: 'required' });
    if (problems.length) throw new ValidationFailed(problems);

    const grantTypes = cmd.grantTypes ?? ['authorization_code', 'refresh_token'];
    const method = cmd.public ? 'none' : (cmd.tokenEndpointAuthMethod ?? 'client_secret_basic');
    const secret =
      method === 'client_secret_basic' || method === 'client_secret_post'
        ? randomBytes(32).toString('base64url')
        : null;
    const client = new OidcClientEntity();
    client.clientId = randomBytes(16).toString('hex');
    client.name = name;
    client.secretCipher = secret ? this.pii.encrypt(secret) : null;
    client.firstParty = Boolean(cmd.firstParty);
    client.personidApproved = Boolean(cmd.approvePersonid);
    client.enabled = true;
    client.metadata = {
      redirect_uris: cmd.redirectUris,
      post_logout_redirect_uris: cmd.postLogoutRedirectUris ?? [],
      grant_types: grantTypes,
      response_types: grantTypes.includes('authorization_code') ? ['code'] : [],
      token_endpoint_auth_method: method,
      scope: [
        ...new Set([...scopes, ...(grantTypes.includes('refresh_token') ? ['offline_access'] : [])]),
      ].join(' '),
      id_token_signed_response_alg: 'RS256',
      ...(cmd.jwksUri ? { jwks_uri: cmd.jwksUri } : {}),
      ...(cmd.backchannelLogoutUri
        ? { backchannel_logout_uri: cmd.backchannelLogoutUri, backchannel_logout_session_required: true }
        : {}),
    };
    await this.clients.save(client);
    await this.audit.record({
      actor: cmd.actor,
      action: 'client.create',
      target: `client:${client.clientId}`,
      result: 'success',
      details: { name, scope: client.metadata.scope, personidApproved: client.personidApproved },
    });
    return { client, secret };
  }
}
