import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AccountRepository,
  AuditService,
  Clock,
  PiiService,
  ValidationFailed,
  parseNationalId,
  type AccountEntity,
} from '#identity-core';
import { ApplicationRefused } from '../../domain/errors.js';
import { checkPersonName } from '../../domain/person-name.js';
import { FlowStore } from '../../flow/flow.store.js';
import { vouchedActivation } from '../../flow/vouched-flow.js';
import type { AttemptContext } from '../attempt-context.js';
import type { VouchedIdentityCommand } from '../prove-vouched-identity/prove-vouched-identity.use-case.js';

/**
 * 申請教育雲端帳號 with an identity a county trusted for national IDs vouched for (name and
 * national ID from its login): nothing is left for the helpdesk to check, so the application is
 * approved at once. The account is made as `applications:approve` makes it (pending, in one
 * transaction, audited `application.identity`, `application.approve` and `account.provision`),
 * and instead of a mailed code the applicant goes straight on to choose the account name,
 * password and contacts (the activation's own steps). A pending account of the same person (a
 * roster's) is continued the same way; an active one is `ApplicationRefused` (`duplicate_account`):
 * the person proved who they are, so being told they have an account reveals nothing to others.
 */
@Injectable()
export class ApplyVouchedIdentityUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly pii: PiiService,
    private readonly flows: FlowStore,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(
    cmd: VouchedIdentityCommand & { name: string | null },
    ctx: AttemptContext,
  ): Promise<{ token: string; existing: boolean }> {
    const nid = parseNationalId(cmd.nationalId);
    const name = checkPersonName(cmd.name ?? '');
    if (!nid.ok || !name.ok)
      throw new ValidationFailed([{ field: nid.ok ? 'name' : 'nationalId', code: 'vouched' }]);
    const index = this.pii.nationalIdIndex(nid.value);
    const record = (result: 'success' | 'failure', target: string | null, details: Record<string, unknown>) =>
      this.audit.record({
        actor: target ?? 'anonymous',
        action: 'application.identity',
        target,
        result,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: { via: cmd.via, ...details },
      });

    const { account, existing } = await this.dataSource.transaction(async (m) => {
      const found = await this.accounts.findForUpdate({ nationalIdIndex: index }, m);
      if (found) return { account: found, existing: true };
      const created: AccountEntity = await this.accounts.createPending(
        {
          displayName: name.value,
          birthDate: null,
          nationalIdCipher: this.pii.encrypt(nid.value),
          nationalIdIndex: index,
        },
        this.clock.now(),
        m,
      );
      const target = `account:${created.sub}`;
      for (const action of ['application.approve', 'account.provision'])
        await this.audit.record(
          {
            actor: `system:${cmd.via}`,
            action,
            target,
            result: 'success',
            ip: ctx.ip,
            userAgent: ctx.userAgent,
            details: { source: 'application', via: cmd.via },
          },
          m,
        );
      return { account: created, existing: false };
    });
    if (existing && account.status !== 'pending') {
      await record('failure', `account:${account.sub}`, { reason: 'duplicate_account' });
      throw new ApplicationRefused('duplicate_account', 'this person already has an account');
    }
    const { token } = await this.flows.create(vouchedActivation(account, cmd.via, cmd.link));
    await record('success', `account:${account.sub}`, { existing });
    return { token, existing };
  }
}
