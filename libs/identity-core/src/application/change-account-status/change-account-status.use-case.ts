import { Injectable, Optional } from '@nestjs/common';
import { NotFound, nextStatus, type AccountEvent } from '../../domain/index.js';
import { AccountRepository } from '../../accounts/account.repository.js';
import { AuditService } from '../../audit/audit.service.js';
import { SessionTerminator } from '../../sessions/session-terminator.js';
import { Clock } from '../../time/clock.js';

/**
 * Moves an account through its state machine, with an audit event either way. Disabling also
 * ends every session, grant and token of the account (a lock does not: anyone can trigger one by
 * guessing, and it must not sign the owner out).
 */
@Injectable()
export class ChangeAccountStatusUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    // Optional so contexts that never disable (brute-force locking) need no engine; see below.
    @Optional() private readonly sessions?: SessionTerminator,
  ) {}

  async execute(cmd: { sub: string; event: AccountEvent; actor: string; reason?: string }) {
    if (cmd.event === 'disable' && !this.sessions)
      throw new Error(
        'disabling an account needs a SessionTerminator (import OidcModule) to end its sessions',
      );
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
    // After the save: a sign-in racing with this one is refused by the status, then cut off here.
    if (cmd.event === 'disable') await this.sessions!.terminateAll(account.sub);
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
