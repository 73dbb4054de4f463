import { Injectable } from '@nestjs/common';
import { NotFound, nextStatus, type AccountEvent } from '../../domain/index.js';
import { AccountRepository } from '../../accounts/account.repository.js';
import { AuditService } from '../../audit/audit.service.js';
import { Clock } from '../../time/clock.js';

/** Moves an account through its state machine, with an audit event either way. */
@Injectable()
export class ChangeAccountStatusUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: { sub: string; event: AccountEvent; actor: string; reason?: string }) {
    const account = await this.accounts.findBySub(cmd.sub);
    if (!account) throw new NotFound('account');
    const from = account.status;
    try {
      account.status = nextStatus(from, cmd.event);
    } catch (e) {
      await this.audit.record({
        actor: cmd.actor,
        action: `account.${cmd.event}`,
        target: `account:${account.sub}`,
        result: 'failure',
        details: { from },
      });
      throw e;
    }
    account.statusChangedAt = this.clock.now();
    await this.accounts.save(account);
    await this.audit.record({
      actor: cmd.actor,
      action: `account.${cmd.event}`,
      target: `account:${account.sub}`,
      result: 'success',
      details: { from, to: account.status, reason: cmd.reason ?? null },
    });
    return account;
  }
}
