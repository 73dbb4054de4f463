import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AccountRepository,
  AttemptGate,
  AuditService,
  Clock,
  PiiService,
  TooManyAttempts,
  ValidationFailed,
  parseBirthDate,
  parseNationalId,
  type AccountEntity,
} from '#identity-core';
import { normalizeActivationCode } from '../../domain/activation-code.js';
import { CodeHasher } from '../../domain/code-hasher.js';
import { ACTIVATION_FACTOR, activationSubject } from '../../domain/attempt-subjects.js';
import { ActivationFailed } from '../../domain/errors.js';
import { ActivationCodeEntity } from '../../entities/activation-code.entity.js';
import { FlowStore } from '../../flow/flow.store.js';
import type { ActivationFlow } from '../../flow/flow.types.js';
import type { AttemptContext } from '../attempt-context.js';

export interface ProveIdentityCommand {
  nationalId: string;
  birthDate: string;
  code: string;
}

/**
 * Step 1 of 啟用教育雲端帳號: national ID + birth date + the school's activation code. Malformed
 * input gets field messages (they depend on nothing stored); everything else that can be wrong
 * gets the one ActivationFailed, after the same two indexed lookups, so neither the message nor
 * the time tells whether the person has an account. Attempts pass the AttemptGate per national ID
 * (as its blind index) and IP before anything is looked up; only a verified failure counts, an
 * outage never does. The code is consumed only when the account is activated, so leaving
 * half-way does not waste it.
 */
@Injectable()
export class ProveIdentityUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly pii: PiiService,
    private readonly hasher: CodeHasher,
    private readonly gate: AttemptGate,
    private readonly flows: FlowStore,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: ProveIdentityCommand, ctx: AttemptContext): Promise<{ token: string }> {
    const problems: { field: string; code: string }[] = [];
    const nid = parseNationalId(cmd.nationalId);
    if (!nid.ok) problems.push({ field: 'nationalId', code: nid.reason });
    const birth = parseBirthDate(cmd.birthDate, this.clock.now());
    if (!birth.ok) problems.push({ field: 'birthDate', code: birth.reason });
    const code = normalizeActivationCode(cmd.code);
    if (!code) problems.push({ field: 'code', code: cmd.code.trim() ? 'format' : 'empty' });
    if (problems.length || !nid.ok || !birth.ok || !code) throw new ValidationFailed(problems);

    const attempt = await this.gate.begin({
      factor: ACTIVATION_FACTOR,
      subject: activationSubject(this.pii.nationalIdIndex(nid.value)),
      ip: ctx.ip,
    });
    if (!attempt.allowed) throw new TooManyAttempts(attempt.retryAfterSeconds, 'failures');

    let account: AccountEntity | null;
    let row: ActivationCodeEntity | null;
    try {
      account = await this.accounts.findByNationalId(nid.value);
      row = await this.dataSource
        .getRepository(ActivationCodeEntity)
        .findOne({ where: { codeHash: this.hasher.activationCode(code) } });
    } catch (e) {
      // Nothing was checked: the attempt counts for nothing.
      await attempt.abandon().catch(() => undefined);
      throw e;
    }
    const reason = this.refusal(account, row, birth.value);
    if (reason || !account || !row) {
      const out = await attempt.fail();
      await this.audit.record({
        actor: 'anonymous',
        action: 'activation.identity',
        target: account ? `account:${account.sub}` : null,
        result: 'failure',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        // For the helpdesk ("why can't I activate?"); never shown to the person trying.
        details: { reason, failures: out.failures },
      });
      throw new ActivationFailed();
    }

    await attempt.succeed();
    const flow: ActivationFlow = {
      kind: 'activation',
      step: 'credentials',
      accountSub: account.sub,
      codeId: row.id,
      name: account.displayName,
      username: null,
      passwordHash: null,
      contacts: {},
    };
    const { token } = await this.flows.create(flow);
    await this.audit.record({
      actor: `account:${account.sub}`,
      action: 'activation.identity',
      target: `account:${account.sub}`,
      result: 'success',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { method: 'activation-code', schoolId: row.schoolId },
    });
    return { token };
  }

  private refusal(
    account: AccountEntity | null,
    row: ActivationCodeEntity | null,
    birthDate: string,
  ): string | null {
    if (!account) return 'unknown_account';
    if (!row) return 'unknown_code';
    if (row.accountId !== account.id) return 'code_of_another_account';
    if (account.status !== 'pending') return `account_${account.status}`;
    if (account.birthDate !== birthDate) return 'birth_date';
    if (row.usedAt) return 'code_used';
    if (row.revokedAt) return 'code_revoked';
    if (row.expiresAt.getTime() <= this.clock.now().getTime()) return 'code_expired';
    return null;
  }
}
