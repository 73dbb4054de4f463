import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OtpSecrets } from '../../credentials/otp-secrets.js';
import { SecondFactorsRepository } from '../../credentials/second-factors.repository.js';
import { formatRecoveryCode, newRecoveryCodes } from '../../domain/recovery-codes.js';

/** Ten new recovery codes in the caller's transaction: stored as keyed hashes, returned once in clear. */
@Injectable()
export class RecoveryCodeIssuer {
  constructor(
    private readonly factors: SecondFactorsRepository,
    private readonly secrets: OtpSecrets,
  ) {}

  async replace(accountId: string, at: Date, manager: EntityManager): Promise<string[]> {
    const codes = newRecoveryCodes();
    await this.factors.replaceRecoveryCodes(
      accountId,
      codes.map((c) => this.secrets.recoveryHash(accountId, c)),
      at,
      manager,
    );
    return codes.map(formatRecoveryCode);
  }
}
