import { Injectable } from '@nestjs/common';
import { AccountRepository, AuditService, parseNationalId } from '#identity-core';
import { ActivationFailed } from '../../domain/errors.js';
import { FlowStore } from '../../flow/flow.store.js';
import { vouchedActivation } from '../../flow/vouched-flow.js';
import type { AttemptContext } from '../attempt-context.js';

export interface VouchedIdentityCommand {
  /** The national ID someone trusted vouched for (a county login), already checked by them. */
  nationalId: string;
  /** Who vouched: `county:<id>`. */
  via: string;
  /** Opaque: handed back by CompleteActivationUseCase (what to link once the account is active). */
  link?: unknown;
}

/**
 * Step 1 of 啟用教育雲端帳號 without an activation code: a county trusted for national IDs vouched
 * for the person, so the pending account with that national ID (blind index) continues at the
 * account name and password, exactly as after a code. No pending account (none, or already
 * active) is the one ActivationFailed the code path gives, audited with the real reason.
 */
@Injectable()
export class ProveVouchedIdentityUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly flows: FlowStore,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: VouchedIdentityCommand, ctx: AttemptContext): Promise<{ token: string }> {
    const nid = parseNationalId(cmd.nationalId);
    const account = nid.ok ? await this.accounts.findByNationalId(nid.value) : null;
    const reason = !account
      ? 'unknown_account'
      : account.status !== 'pending'
        ? `account_${account.status}`
        : null;
    if (!account || reason) {
      await this.audit.record({
        actor: 'anonymous',
        action: 'activation.identity',
        target: account ? `account:${account.sub}` : null,
        result: 'failure',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: { via: cmd.via, reason },
      });
      throw new ActivationFailed();
    }
    const { token } = await this.flows.create(vouchedActivation(account, cmd.via, cmd.link));
    await this.audit.record({
      actor: `account:${account.sub}`,
      action: 'activation.identity',
      target: `account:${account.sub}`,
      result: 'success',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { method: cmd.via, via: cmd.via },
    });
    return { token };
  }
}
