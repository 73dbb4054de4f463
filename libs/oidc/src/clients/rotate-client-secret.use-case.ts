import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService, NotFound, PiiService, ValidationFailed } from '#identity-core';
import { ClientRepository } from './client.repository.js';

/**
 * A new secret for a confidential client, stored like CreateClient stores it (PII keyring) and
 * returned once for the caller to show once. The old one stops working everywhere within the
 * idp's client cache time (ClientRepository). Audited, without the secret.
 */
@Injectable()
export class RotateClientSecretUseCase {
  constructor(
    private readonly clients: ClientRepository,
    private readonly pii: PiiService,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: { clientId: string; actor: string; ip?: string | null }): Promise<{ secret: string }> {
    const client = await this.clients.find(cmd.clientId);
    if (!client) throw new NotFound('client');
    if (!client.secretCipher) throw new ValidationFailed([{ field: 'secret', code: 'no_secret' }]);
    const secret = randomBytes(32).toString('base64url');
    client.secretCipher = this.pii.encrypt(secret);
    await this.clients.save(client);
    await this.audit.record({
      actor: cmd.actor,
      action: 'client.rotate-secret',
      target: `client:${client.clientId}`,
      result: 'success',
      ip: cmd.ip ?? null,
    });
    return { secret };
  }
}
