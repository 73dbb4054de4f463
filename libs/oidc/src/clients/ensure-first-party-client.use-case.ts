import { Injectable } from '@nestjs/common';
import { AuditService } from '#identity-core';
import { ClientRepository } from './client.repository.js';
import { OidcClientEntity } from './oidc-client.entity.js';

/**
 * A client of the service's own pages (My account; later the admin portal) with a fixed id:
 * public (PKCE, no secret to keep), first party (no consent page), registered or brought up to
 * date at start, so a changed ISSUER moves its redirect URI too. Several processes starting at
 * once may both insert: the second save is an update of the same row.
 */
@Injectable()
export class EnsureFirstPartyClientUseCase {
  constructor(
    private readonly clients: ClientRepository,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: {
    clientId: string;
    name: string;
    redirectUri: string;
    scopes: string[];
    /** Where RP-initiated logout may return to. */
    postLogoutRedirectUris?: string[];
    /** OpenID Back-Channel Logout: the idp posts a logout token here when the SSO session ends. */
    backchannelLogoutUri?: string;
  }): Promise<void> {
    const metadata = {
      redirect_uris: [cmd.redirectUri],
      post_logout_redirect_uris: cmd.postLogoutRedirectUris ?? [],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      scope: cmd.scopes.join(' '),
      id_token_signed_response_alg: 'RS256',
      ...(cmd.backchannelLogoutUri
        ? { backchannel_logout_uri: cmd.backchannelLogoutUri, backchannel_logout_session_required: true }
        : {}),
    };
    const existing = await this.clients.find(cmd.clientId);
    if (existing && existing.firstParty && JSON.stringify(existing.metadata) === JSON.stringify(metadata))
      return;
    const client = existing ?? new OidcClientEntity();
    client.clientId = cmd.clientId;
    client.name = cmd.name;
    client.secretCipher = null;
    client.firstParty = true;
    client.personidApproved = false;
    client.enabled = true;
    client.metadata = metadata;
    try {
      await this.clients.save(client);
    } catch (e) {
      // Another process registered it in the meantime: theirs is the same.
      if (!existing && (await this.clients.find(cmd.clientId))) return;
      throw e;
    }
    await this.audit.record({
      actor: 'system',
      action: existing ? 'client.update' : 'client.create',
      target: `client:${cmd.clientId}`,
      result: 'success',
    });
  }
}
