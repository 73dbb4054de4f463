import { Injectable } from '@nestjs/common';
import type { AccountEvent } from '../../domain/index.js';
import { AccountStateService, type StatusEvent } from '../../accounts/account-state.service.js';
import type { AccountEntity } from '../../entities/account.entity.js';

/**
 * An operator's or the system's status change of one account (lock, unlock, disable, enable),
 * with an audit event either way; AccountStateService does it (and disabling also ends every
 * session, grant and token of the account there). Activation is not one of these: it comes with
 * the holder's credentials, through the activation flow.
 */
@Injectable()
export class ChangeAccountStatusUseCase {
  constructor(private readonly state: AccountStateService) {}

  execute(cmd: { sub: string; event: AccountEvent; actor: string; reason?: string }): Promise<AccountEntity> {
    return this.state.change({
      account: { sub: cmd.sub },
      // `activate` is refused there, audited like any other refused move.
      event: cmd.event as StatusEvent,
      actor: cmd.actor,
      reason: cmd.reason ?? null,
    });
  }
}
