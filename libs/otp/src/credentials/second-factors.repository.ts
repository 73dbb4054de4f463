import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type EntityManager, type Repository } from 'typeorm';
import { RecoveryCodeEntity } from '../entities/recovery-code.entity.js';
import { SmsEnrolmentEntity } from '../entities/sms-enrolment.entity.js';
import { TotpCredentialEntity } from '../entities/totp-credential.entity.js';

/**
 * The three tables of an account's further factors. Methods that take a `manager` run inside the
 * caller's transaction. What must happen once happens in one conditional UPDATE: accepting a time
 * step, using a recovery code.
 */
@Injectable()
export class SecondFactorsRepository {
  constructor(
    @InjectRepository(TotpCredentialEntity) private readonly totp: Repository<TotpCredentialEntity>,
    @InjectRepository(SmsEnrolmentEntity) private readonly sms: Repository<SmsEnrolmentEntity>,
    @InjectRepository(RecoveryCodeEntity) private readonly recovery: Repository<RecoveryCodeEntity>,
  ) {}

  findTotp(accountId: string, manager?: EntityManager): Promise<TotpCredentialEntity | null> {
    return (manager?.getRepository(TotpCredentialEntity) ?? this.totp).findOne({ where: { accountId } });
  }

  /** A new secret waiting for its first code; replaces an earlier one not confirmed. */
  async savePending(accountId: string, secretCipher: string, at: Date): Promise<void> {
    await this.totp.manager.query(
      `INSERT INTO otp_totp_credentials (account_id, pending_secret_cipher, pending_since) VALUES (?, ?, ?)
       ON DUPLICATE KEY UPDATE pending_secret_cipher = VALUES(pending_secret_cipher), pending_since = VALUES(pending_since)`,
      [accountId, secretCipher, at],
    );
  }

  /** The pending secret becomes the app in use (replacing the old one), with its first step used. */
  async confirmPending(accountId: string, step: number, at: Date, manager: EntityManager): Promise<boolean> {
    const r: { affectedRows?: number } = await manager.query(
      `UPDATE otp_totp_credentials SET secret_cipher = pending_secret_cipher, confirmed_at = ?, last_step = ?,
         pending_secret_cipher = NULL, pending_since = NULL
       WHERE account_id = ? AND pending_secret_cipher IS NOT NULL`,
      [at, step, accountId],
    );
    return r.affectedRows === 1;
  }

  /**
   * Records that the code of `step` was used, if no code of this or a later step was: of two
   * requests with the same code exactly one gets true (replay refused, also in parallel).
   */
  async acceptStep(accountId: string, step: number): Promise<boolean> {
    const r: { affectedRows?: number } = await this.totp.manager.query(
      `UPDATE otp_totp_credentials SET last_step = ?
       WHERE account_id = ? AND secret_cipher IS NOT NULL AND (last_step IS NULL OR last_step < ?)`,
      [step, accountId, step],
    );
    return r.affectedRows === 1;
  }

  async removeTotp(accountId: string, manager: EntityManager): Promise<boolean> {
    const r: { affectedRows?: number } = await manager.query(
      'DELETE FROM otp_totp_credentials WHERE account_id = ? AND secret_cipher IS NOT NULL',
      [accountId],
    );
    return (r.affectedRows ?? 0) > 0;
  }

  async smsEnabled(accountId: string, manager?: EntityManager): Promise<boolean> {
    return (manager?.getRepository(SmsEnrolmentEntity) ?? this.sms).exists({ where: { accountId } });
  }

  async enableSms(accountId: string, at: Date, manager: EntityManager): Promise<boolean> {
    const r: { affectedRows?: number } = await manager.query(
      'INSERT IGNORE INTO otp_sms_enrolments (account_id, enabled_at) VALUES (?, ?)',
      [accountId, at],
    );
    return r.affectedRows === 1;
  }

  async disableSms(accountId: string, manager: EntityManager): Promise<boolean> {
    const r: { affectedRows?: number } = await manager.query(
      'DELETE FROM otp_sms_enrolments WHERE account_id = ?',
      [accountId],
    );
    return (r.affectedRows ?? 0) > 0;
  }

  /** A new set of recovery codes; the old ones stop working. */
  async replaceRecoveryCodes(
    accountId: string,
    hashes: string[],
    at: Date,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query('DELETE FROM otp_recovery_codes WHERE account_id = ?', [accountId]);
    for (const h of hashes)
      await manager.query(
        'INSERT INTO otp_recovery_codes (account_id, code_hmac, created_at) VALUES (?, ?, ?)',
        [accountId, h, at],
      );
  }

  async removeRecoveryCodes(accountId: string, manager: EntityManager): Promise<number> {
    const r: { affectedRows?: number } = await manager.query(
      'DELETE FROM otp_recovery_codes WHERE account_id = ?',
      [accountId],
    );
    return r.affectedRows ?? 0;
  }

  /** Uses the code if it is one of the account's and unused: true exactly once. */
  async useRecoveryCode(accountId: string, hash: string, at: Date): Promise<boolean> {
    const r: { affectedRows?: number } = await this.recovery.manager.query(
      `UPDATE otp_recovery_codes SET used_at = ? WHERE account_id = ? AND code_hmac = ? AND used_at IS NULL`,
      [at, accountId, hash],
    );
    return r.affectedRows === 1;
  }

  remainingRecoveryCodes(accountId: string): Promise<number> {
    return this.recovery.count({ where: { accountId, usedAt: IsNull() } });
  }
}
