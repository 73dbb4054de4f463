import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountRepository, type AccountEntity } from '#identity-core';
import { OutOfScope } from '../domain/errors.js';
import { mayDo, scopeOf, type StaffAction, type StaffMember, type StaffScope } from '../domain/staff-role.js';

/**
 * The one SQL condition that limits a query to a scope's accounts (`a` = accounts): an account
 * belongs to a county or school through any of its affiliations, past terms included, so a pupil
 * who moved stays findable by the school that knew them. Parameterised, never concatenated.
 */
export function scopeCondition(scope: StaffScope, alias = 'a'): { sql: string; params: unknown[] } {
  if (scope.kind === 'county')
    return {
      sql: `EXISTS (SELECT 1 FROM affiliations sf JOIN schools ss ON ss.eduid = sf.school_id
             WHERE sf.account_id = ${alias}.id AND ss.county = ?)`,
      params: [scope.county],
    };
  if (scope.kind === 'school')
    return {
      sql: `EXISTS (SELECT 1 FROM affiliations sf WHERE sf.account_id = ${alias}.id AND sf.school_id = ?)`,
      params: [scope.schoolId],
    };
  return { sql: '1 = 1', params: [] };
}

/**
 * Every page and action of the portal loads its account through here: the account when it is in
 * the staff member's scope and the action is theirs, else OutOfScope (which the portal answers
 * like an unknown account). The check is on the server, on every request, by the account's sub
 * from the URL or form: editing ids gains nothing.
 */
@Injectable()
export class AccountScope {
  constructor(
    private readonly db: DataSource,
    private readonly accounts: AccountRepository,
  ) {}

  async account(staff: StaffMember, sub: unknown, action: StaffAction): Promise<AccountEntity> {
    if (typeof sub !== 'string' || !/^[0-9a-f-]{36}$/.test(sub)) throw new OutOfScope();
    if (!mayDo(staff, action)) throw new OutOfScope();
    const account = await this.accounts.findBySub(sub);
    if (!account || !(await this.covers(staff, account.id))) throw new OutOfScope();
    return account;
  }

  async covers(staff: StaffMember, accountId: string): Promise<boolean> {
    const scope = scopeOf(staff);
    if (scope.kind === 'all') return true;
    const cond = scopeCondition(scope);
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM accounts a WHERE a.id = ? AND ${cond.sql}`, [
      accountId,
      ...cond.params,
    ]);
    return rows.length > 0;
  }
}
