import { Injectable } from '@nestjs/common';
import { AuditService, NotFound, ValidationFailed } from '#identity-core';
import { clientProblems } from './client-rules.js';
import { ClientRepository } from './client.repository.js';
import type { OidcClientEntity } from './oidc-client.entity.js';

export interface UpdateClientCommand {
  clientId: string;
  redirectUris: string[];
  scopes: string[];
  /** The administrator's explicit approval to release the national ID; required for `personid`. */
  approvePersonid: boolean;
  loopbackHttp?: boolean;
  actor: string;
  ip?: string | null;
}

/**
 * A relying party's redirect URIs and scopes. The registration's other fields stay; `personid`
 * needs its approval, and dropping it withdraws the approval. Audited with what changed; the idp
 * sees it within its client cache's time (ClientRepository).
 */
@Injectable()
export class UpdateClientUseCase {
  constructor(
    private readonly clients: ClientRepository,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: UpdateClientCommand): Promise<OidcClientEntity> {
    const client = await this.clients.find(cmd.clientId);
    if (!client) throw new NotFound('client');
    const scopes = [...new Set(cmd.scopes.length ? cmd.scopes : ['openid'])];
    const grants = (client.metadata.grant_types as string[] | undefined) ?? [];
    const problems = clientProblems(cmd.redirectUris, scopes, cmd.approvePersonid, cmd.loopbackHttp);
    if (!cmd.redirectUris.length && grants.includes('authorization_code'))
      problems.push({ field: 'redirectUri', code: 'required' });
    if (problems.length) throw new ValidationFailed(problems);

    const before = { redirect_uris: client.metadata.redirect_uris, scope: client.metadata.scope };
    const personid = scopes.includes('personid');
    const scope = [
      ...new Set([...scopes, ...(grants.includes('refresh_token') ? ['offline_access'] : [])]),
    ].join(' ');
    client.metadata = { ...client.metadata, redirect_uris: cmd.redirectUris, scope };
    const approvalBefore = client.personidApproved;
    client.personidApproved = personid;
    await this.clients.save(client);
    await this.audit.record({
      actor: cmd.actor,
      action: 'client.update',
      target: `client:${client.clientId}`,
      result: 'success',
      ip: cmd.ip ?? null,
      details: {
        before,
        after: { redirect_uris: cmd.redirectUris, scope },
        personidApproved: personid,
        ...(personid !== approvalBefore ? { personidApprovalChanged: true } : {}),
      },
    });
    return client;
  }
}
