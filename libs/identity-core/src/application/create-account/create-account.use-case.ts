import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Conflict,
  NotFound,
  PasswordHasher,
  PasswordPolicy,
  ValidationFailed,
  parseNationalId,
} from '../../domain/index.js';
import { checkUsername, normalizeLogin } from '../../accounts/username.js';
import { AccountEntity } from '../../entities/account.entity.js';
import { AffiliationEntity } from '../../entities/affiliation.entity.js';
import { SchoolEntity } from '../../entities/school.entity.js';
import { AuditService } from '../../audit/audit.service.js';
import { PiiService } from '../../pii/pii.service.js';
import { Clock } from '../../time/clock.js';
import type { CreateAccountCommand } from './create-account.command.js';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,63}$/;
const PHONE = /^09\d{8}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Creates an active account with a password (CLI, seeds); provisioning without one is lifecycle's. */
@Injectable()
export class CreateAccountUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pii: PiiService,
    private readonly policy: PasswordPolicy,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: CreateAccountCommand): Promise<AccountEntity> {
    const problems: { field: string; code: string }[] = [];
    const username = normalizeLogin(cmd.username) ?? '';
    const usernameProblem = checkUsername(username);
    if (usernameProblem) problems.push({ field: 'username', code: usernameProblem });
    const nid = parseNationalId(cmd.nationalId);
    if (!nid.ok) problems.push({ field: 'nationalId', code: nid.reason });
    const name = cmd.displayName.trim();
    if (!name || name.length > 128) problems.push({ field: 'name', code: 'format' });
    if (cmd.email !== undefined && !EMAIL.test(cmd.email)) problems.push({ field: 'email', code: 'format' });
    if (cmd.phone !== undefined && !PHONE.test(cmd.phone)) problems.push({ field: 'phone', code: 'format' });
    if (
      cmd.birthDate !== undefined &&
      !(DATE.test(cmd.birthDate) && !Number.isNaN(Date.parse(cmd.birthDate)))
    )
      problems.push({ field: 'birthDate', code: 'format' });
    for (const code of this.policy.check(cmd.password, {
      username,
      name,
      email: cmd.email,
      nationalId: nid.ok ? nid.value : undefined,
      birthDate: cmd.birthDate,
    }))
      problems.push({ field: 'password', code });
    if (problems.length) throw new ValidationFailed(problems);
    if (!nid.ok) throw new Error('unreachable');

    const passwordHash = await this.hasher.hash(cmd.password);
    const now = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      const accounts = m.getRepository(AccountEntity);
      const index = this.pii.nationalIdIndex(nid.value);
      if (await accounts.exists({ where: { username } })) throw new Conflict('username');
      if (await accounts.exists({ where: { nationalIdIndex: index } })) throw new Conflict('national ID');
      if (
        cmd.affiliation &&
        !(await m.getRepository(SchoolEntity).exists({ where: { eduid: cmd.affiliation.schoolId } }))
      )
        throw new NotFound('school');

      const account = accounts.create({
        sub: randomUUID(),
        username,
        displayName: name,
        givenName: cmd.givenName ?? null,
        familyName: cmd.familyName ?? null,
        email: cmd.email?.toLowerCase() ?? null,
        emailVerified: Boolean(cmd.email && cmd.emailVerified),
        phone: cmd.phone ?? null,
        phoneVerified: Boolean(cmd.phone && cmd.phoneVerified),
        birthDate: cmd.birthDate ?? null,
        nationalIdCipher: this.pii.encrypt(nid.value),
        nationalIdIndex: index,
        passwordHash,
        passwordChangedAt: now,
        status: 'active',
        statusChangedAt: now,
      });
      await accounts.save(account);
      if (cmd.affiliation) {
        const a = cmd.affiliation;
        await m.getRepository(AffiliationEntity).insert({
          accountId: account.id,
          schoolId: a.schoolId,
          year: a.year,
          semester: a.semester,
          titles: a.titles,
          grade: a.grade ?? null,
          classNo: a.classNo ?? null,
          classTitle: a.classTitle ?? null,
        });
      }
      await this.audit.record(
        { actor: cmd.actor, action: 'account.create', target: `account:${account.sub}`, result: 'success' },
        m,
      );
      return account;
    });
  }
}
