import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { Conflict, ValidationFailed, parseNationalId } from '../../domain/index.js';
import { AccountEntity } from '../../entities/account.entity.js';
import { PiiService } from '../../pii/pii.service.js';
import { Clock } from '../../time/clock.js';

export interface ProvisionAccountCommand {
  displayName: string;
  /** Vouched for by the source (a county trusted for national IDs). */
  nationalId: string;
  /** `system:county:tc` … */
  actor: string;
  /** Where the person came from, for the audit event. */
  source: string;
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * An active account without username or password, for a person an outside identity provider
 * vouches for (a county login with `--provision`): they sign in there; they may add a password
 * later through password reset. The national ID is the person's key, so a second account for the
 * same ID is refused (`conflict`). Runs in the caller's transaction when given one.
 */
@Injectable()
export class ProvisionAccountUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pii: PiiService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: ProvisionAccountCommand, manager?: EntityManager): Promise<AccountEntity> {
    const nid = parseNationalId(cmd.nationalId);
    const name = cmd.displayName.trim();
    const problems = [
      ...(nid.ok ? [] : [{ field: 'nationalId', code: nid.reason }]),
      ...(name && name.length <= 128 ? [] : [{ field: 'name', code: 'format' }]),
    ];
    if (problems.length || !nid.ok) throw new ValidationFailed(problems);
    const run = async (m: EntityManager) => {
      const accounts = m.getRepository(AccountEntity);
      const index = this.pii.nationalIdIndex(nid.value);
      if (await accounts.exists({ where: { nationalIdIndex: index } })) throw new Conflict('national ID');
      const now = this.clock.now();
      const account = accounts.create({
        sub: randomUUID(),
        username: null,
        displayName: name,
        givenName: null,
        familyName: null,
        email: null,
        emailVerified: false,
        phone: null,
        phoneVerified: false,
        birthDate: null,
        nationalIdCipher: this.pii.encrypt(nid.value),
        nationalIdIndex: index,
        passwordHash: null,
        passwordChangedAt: null,
        status: 'active',
        statusChangedAt: now,
      });
      await accounts.save(account);
      await this.audit.record(
        {
          actor: cmd.actor,
          action: 'account.provision',
          target: `account:${account.sub}`,
          result: 'success',
          ip: cmd.ip ?? null,
          userAgent: cmd.userAgent ?? null,
          details: { source: cmd.source },
        },
        m,
      );
      return account;
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }
}
