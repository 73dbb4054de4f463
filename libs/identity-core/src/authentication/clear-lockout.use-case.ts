import { Injectable } from '@nestjs/common';
import { AccountRepository } from '../accounts/account.repository.js';
import { unknownLoginKey } from '../accounts/username.js';
import { ChangeAccountStatusUseCase } from '../application/change-account-status/change-account-status.use-case.js';
import { AuditService } from '../audit/audit.service.js';
import { PiiService } from '../pii/pii.service.js';
import { AttemptGate, accountSubject, loginSubject } from './attempt-gate.js';

/**
 * An administrator clears a lockout: every factor's counter (password, reset codes; temporary and
 * permanent locks), and an account the permanent lock moved to `locked` becomes active again.
 * Works for unknown logins too, since they have counters like real ones; the audit trail then
 * names them by a keyed hash.
 */
@Injectable()
export class ClearLockoutUseCase {
  constructor(
    private readonly gate: AttemptGate,
    private readonly accounts: AccountRepository,
    private readonly changeStatus: ChangeAccountStatusUseCase,
    private readonly audit: AuditService,
    private readonly pii: PiiService,
  ) {}

  async execute(cmd: {
    login: string;
    actor: string;
  }): Promise<{ accountFound: boolean; unlocked: boolean }> {
    const account = await this.accounts.findByLogin(cmd.login);
    const pseudonym = account ? null : this.pii.loginPseudonym(unknownLoginKey(cmd.login));
    await this.gate.clear(account ? accountSubject(account.id) : loginSubject(pseudonym!));
    let unlocked = false;
    if (account?.status === 'locked') {
      await this.changeStatus.execute({
        sub: account.sub,
        event: 'unlock',
        actor: cmd.actor,
        reason: 'lockout_cleared',
      });
      unlocked = true;
    }
    await this.audit.record({
      actor: cmd.actor,
      action: 'account.lockout_cleared',
      target: account ? `account:${account.sub}` : `login:${pseudonym}`,
      result: 'success',
      details: { unlocked },
    });
    return { accountFound: account !== null, unlocked };
  }
}
