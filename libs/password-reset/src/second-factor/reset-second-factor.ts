import { Injectable } from '@nestjs/common';
import type { AccountEntity } from '#identity-core';

/**
 * The slot for a second factor in the reset (ASVS 6.4.3: a reset must not bypass MFA). When an
 * account has one (TOTP, certificate, ... a later capability), the reset asks for it after the
 * email/SMS proof and before the new password: CompleteResetUseCase refuses until the challenge
 * records `second_factor_at`. Provide another implementation of this class to switch it on.
 */
export abstract class ResetSecondFactor {
  /** Does this account have a second factor the reset must ask for? */
  abstract required(account: AccountEntity): Promise<boolean>;
}

/** Today: no account has a second factor yet. */
@Injectable()
export class NoResetSecondFactor extends ResetSecondFactor {
  async required(): Promise<boolean> {
    return false;
  }
}
