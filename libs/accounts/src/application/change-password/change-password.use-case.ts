import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AccountRepository,
  AuditService,
  Clock,
  PasswordHasher,
  PasswordPolicy,
  PiiService,
} from '#identity-core';
import { NotificationOutbox } from '#notifications';
import { activeHolder, verifiedChannels, type HolderRequest } from '../holder-context.js';

/**
 * A new password chosen in My account (after a fresh sign-in, which the app checks): the same
 * policy as everywhere, the hash and its notice in one transaction.
 */
@Injectable()
export class ChangePasswordUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly policy: PasswordPolicy,
    private readonly hasher: PasswordHasher,
    private readonly pii: PiiService,
    private readonly outbox: NotificationOutbox,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly db: DataSource,
  ) {}

  async execute(req: HolderRequest, password: string): Promise<void> {
    const account = await activeHolder(this.accounts, req.sub);
    this.policy.assert(password, {
      username: account.username ?? undefined,
      name: account.displayName,
      email: account.email ?? undefined,
      nationalId: account.nationalIdCipher ? this.pii.decrypt(account.nationalIdCipher) : undefined,
      birthDate: account.birthDate ?? undefined,
    });
    const hash = await this.hasher.hash(password);
    const now = this.clock.now();
    const id = randomUUID();
    await this.db.transaction(async (m) => {
      await this.accounts.setPassword(account.id, hash, now, m);
      for (const c of verifiedChannels(account))
        await this.outbox.enqueue(
          {
            channel: c.channel,
            to: c.to,
            template: 'password.changed',
            locale: req.locale,
            data: { name: account.displayName },
            idempotencyKey: `password-changed:${id}:${c.channel}`,
          },
          m,
        );
      await this.audit.record(
        {
          actor: `account:${account.sub}`,
          action: 'account.password_change',
          target: `account:${account.sub}`,
          result: 'success',
          ip: req.ip,
          userAgent: req.userAgent,
        },
        m,
      );
    });
  }
}
