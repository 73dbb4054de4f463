import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AccountRepository,
  AuditService,
  AttemptGate,
  NotFound,
  PiiService,
  SchoolRepository,
  ValidationFailed,
  type AffiliationEntity,
  maskNationalId,
  parseNationalId,
} from '#identity-core';
import { ActivationCodeIssuer } from '../../codes/activation-code.issuer.js';
import { formatActivationCode } from '../../domain/activation-code.js';
import { activationSubject } from '../../domain/attempt-subjects.js';
import { ALL_SCHOOLS, type RosterScope } from '../../roster-import/roster-scope.js';

function inScope(scope: RosterScope, school: { eduid: string; county: string }): boolean {
  if (scope.kind === 'school') return school.eduid === scope.schoolId;
  if (scope.kind === 'county') return school.county === scope.county;
  return true;
}

export interface IssuedActivationCode {
  sub: string;
  /** Masked: `A1*****789`. */
  nationalId: string;
  name: string;
  grade: string | null;
  classNo: string | null;
  classTitle: string | null;
  /** `ABCDE-FGHJK`; shown here once, stored only as a hash. */
  code: string;
  expiresAt: string;
}

export interface IssueActivationCodesResult {
  schoolId: string;
  schoolName: string;
  issued: IssuedActivationCode[];
  /** Pending accounts of the school left alone because they still hold a valid code. */
  skipped: number;
}

/**
 * `accounts:activation-codes`: one code per pending account of a school that has no valid code
 * (or, with `replace`, a new one for everybody, revoking the old), or for one person by national
 * ID. Re-issuing for one person also clears their activation lockout. One transaction: what is
 * printed is exactly what is stored. Audited per account and per school.
 */
@Injectable()
export class IssueActivationCodesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly schools: SchoolRepository,
    private readonly issuer: ActivationCodeIssuer,
    private readonly pii: PiiService,
    private readonly audit: AuditService,
    private readonly gate: AttemptGate,
  ) {}

  async execute(cmd: {
    schoolId: string;
    actor: string;
    ttlDays?: number;
    nationalId?: string;
    replace?: boolean;
    /** One class only (the portal's class letters): its latest-term grade and class number. */
    grade?: string;
    classNo?: string;
    /** The staff member's schools (the portal); a school outside them is "not found". */
    scope?: RosterScope;
  }): Promise<IssueActivationCodesResult> {
    if (
      cmd.ttlDays !== undefined &&
      !(Number.isInteger(cmd.ttlDays) && cmd.ttlDays >= 1 && cmd.ttlDays <= 365)
    )
      throw new ValidationFailed([{ field: 'expiresDays', code: 'range' }]);
    const nid = cmd.nationalId === undefined ? null : parseNationalId(cmd.nationalId);
    if (nid && !nid.ok) throw new ValidationFailed([{ field: 'nationalId', code: nid.reason }]);

    const result = await this.dataSource.transaction(async (m) => {
      const school = await this.schools.findByEduid(cmd.schoolId, m);
      if (!school || !inScope(cmd.scope ?? ALL_SCHOOLS, school)) throw new NotFound('school');
      const affiliations = (await this.schools.affiliations(school.eduid, m))
        // Latest term first (years are ROC numbers: '99' < '114').
        .sort((a, b) => Number(b.year) - Number(a.year) || Number(b.semester) - Number(a.semester));
      const latest = new Map<string, AffiliationEntity>();
      for (const a of affiliations) if (!latest.has(a.accountId)) latest.set(a.accountId, a);
      if (cmd.grade !== undefined || cmd.classNo !== undefined)
        for (const [accountId, a] of latest)
          if (
            (cmd.grade !== undefined && a.grade !== cmd.grade) ||
            (cmd.classNo !== undefined && a.classNo !== cmd.classNo)
          )
            latest.delete(accountId);

      let accounts = await this.accounts.findPending([...latest.keys()], m);
      if (nid?.ok) {
        const index = this.pii.nationalIdIndex(nid.value);
        accounts = accounts.filter((a) => a.nationalIdIndex === index);
        if (!accounts.length) throw new NotFound('pending account of this school with that national ID');
      }

      const issued: (IssuedActivationCode & { sortKey: string })[] = [];
      let skipped = 0;
      for (const account of accounts) {
        const replacing = cmd.replace || nid !== null;
        if (!replacing && (await this.issuer.valid(m, account.id)).length) {
          skipped += 1;
          continue;
        }
        const replaced = replacing ? await this.issuer.revokeAll(m, account.id) : 0;
        const code = await this.issuer.issue(m, {
          accountId: account.id,
          schoolId: school.eduid,
          actor: cmd.actor,
          ttlDays: cmd.ttlDays,
        });
        await this.audit.record(
          {
            actor: cmd.actor,
            action: 'activation.code_issue',
            target: `account:${account.sub}`,
            result: 'success',
            details: { schoolId: school.eduid, expiresAt: code.expiresAt.toISOString(), replaced },
          },
          m,
        );
        const a = latest.get(account.id)!;
        issued.push({
          sub: account.sub,
          nationalId: maskNationalId(this.pii.decrypt(account.nationalIdCipher!)),
          name: account.displayName,
          grade: a.grade,
          classNo: a.classNo,
          classTitle: a.classTitle,
          code: formatActivationCode(code.code),
          expiresAt: code.expiresAt.toISOString(),
          sortKey: `${(a.grade ?? '').padStart(4, '0')}|${(a.classNo ?? '').padStart(8, '0')}|${account.displayName}`,
        });
      }
      await this.audit.record(
        {
          actor: cmd.actor,
          action: 'activation.codes_issue',
          target: `school:${school.eduid}`,
          result: 'success',
          details: {
            issued: issued.length,
            skipped,
            replace: Boolean(cmd.replace),
            single: nid !== null,
            ...(cmd.grade !== undefined || cmd.classNo !== undefined
              ? { grade: cmd.grade ?? null, classNo: cmd.classNo ?? null }
              : {}),
          },
        },
        m,
      );
      issued.sort((x, y) => x.sortKey.localeCompare(y.sortKey, 'zh-Hant-TW'));
      return {
        schoolId: school.eduid,
        schoolName: school.name,
        issued: issued.map(({ sortKey: _, ...rest }) => rest),
        skipped,
      };
    });
    // A new code for one person is the helpdesk's way out of an activation lockout.
    if (nid?.ok) await this.gate.clear(activationSubject(this.pii.nationalIdIndex(nid.value)));
    return result;
  }
}
