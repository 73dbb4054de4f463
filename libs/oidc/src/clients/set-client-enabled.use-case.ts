import { Injectable } from '@nestjs/common';
import { AuditService, NotFound } from '#identity-core';
import { ClientRepository } from './client.repository.js';

/**
 * Disables or enables a relying party. A disabled client is unknown to the idp (no sign-in, no
 * token) within its client cache time (ClientRepository). Audited.
 */
@Injectable()
export class SetClientEnabledUseCase {
  constructor(
    private readonly clients: ClientRepository,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: {
    clientId: string;
    enabled: boolean;
    actor: string;
    ip?: string | null;
  }): Promise<void> {
    const client = await this.clients.find(cmd.clientId);
    if (!client) throw new NotFound('client');
    client.enabled = cmd.enabled;
    await this.clients.save(client);
    await this.audit.record({
      actor: cmd.actor,
      action: cmd.enabled ? 'client.enable' : 'client.disable',
      target: `client:${client.clientId}`,
      result: 'success',
      ip: cmd.ip ?? null,
    });
  }
}
