import { Injectable } from '@nestjs/common';
import { DataSource, Not } from 'typeorm';
import { AccountRepository, PiiService, maskNationalId } from '#identity-core';
import {
  AccountApplicationEntity,
  type ApplicationStatus,
} from '../../entities/account-application.entity.js';
import { NATIONWIDE, type ApplicationScope, type ApplicationView } from './application-view.js';

/** `applications:list`: the helpdesk queue, oldest first. */
@Injectable()
export class ListApplicationsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly pii: PiiService,
  ) {}

  async execute(
    cmd: { status?: ApplicationStatus | 'all'; limit?: number; scope?: ApplicationScope } = {},
  ): Promise<ApplicationView[]> {
    if ((cmd.scope ?? NATIONWIDE).kind !== 'all') return [];
    const status = cmd.status ?? 'pending';
    const repo = this.dataSource.getRepository(AccountApplicationEntity);
    const rows = await repo.find({
      where: status === 'all' ? {} : { status },
      order: { id: 'ASC' },
      take: Math.min(Math.max(cmd.limit ?? 200, 1), 1000),
    });
    const views: ApplicationView[] = [];
    for (const a of rows) {
      let duplicateOf = a.duplicateOf;
      let duplicateBy: ApplicationView['duplicateBy'] = null;
      if (a.status === 'pending') {
        const other = { status: 'pending' as const, id: Not(a.id) };
        const byIndex = (await this.accounts.existsByNationalIdIndex(a.nationalIdIndex))
          ? 'account'
          : (await repo.exists({ where: { nationalIdIndex: a.nationalIdIndex, ...other } }))
            ? 'application'
            : null;
        const byName = byIndex
          ? null
          : (
                await this.dataSource.query(
                  'SELECT 1 FROM accounts WHERE display_name = ? AND birth_date = ? LIMIT 1',
                  [a.displayName, a.birthDate],
                )
              ).length
            ? 'account'
            : (await repo.exists({ where: { displayName: a.displayName, birthDate: a.birthDate, ...other } }))
              ? 'application'
              : null;
        duplicateOf = byIndex ?? byName;
        duplicateBy = byIndex ? 'national_id' : byName ? 'name_birth_date' : null;
      }
      views.push({
        id: a.id,
        status: a.status,
        createdAt: a.createdAt.toISOString(),
        nationalId: maskNationalId(this.pii.decrypt(a.nationalIdCipher)),
        name: a.displayName,
        birthDate: a.birthDate,
        email: a.email,
        phone: a.phone,
        duplicateOf,
        duplicateBy,
        reviewer: a.reviewer,
        reason: a.reason,
        reviewedAt: a.reviewedAt?.toISOString() ?? null,
      });
    }
    return views;
  }
}
