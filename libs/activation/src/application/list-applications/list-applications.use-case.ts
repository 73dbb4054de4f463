import { Injectable } from '@nestjs/common';
import { DataSource, Not } from 'typeorm';
import { PiiService, maskNationalId } from '#identity-core';
import {
  AccountApplicationEntity,
  type ApplicationStatus,
} from '../../entities/account-application.entity.js';
import { NATIONWIDE, type ApplicationScope, type ApplicationView } from './application-view.js';

/** `applications:list` and the portal's queue: oldest first; `offset` pages, `id` picks one. */
@Injectable()
export class ListApplicationsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pii: PiiService,
  ) {}

  async execute(
    cmd: {
      status?: ApplicationStatus | 'all';
      limit?: number;
      offset?: number;
      id?: string;
      scope?: ApplicationScope;
    } = {},
  ): Promise<ApplicationView[]> {
    if ((cmd.scope ?? NATIONWIDE).kind !== 'all') return [];
    if (cmd.id !== undefined && !/^\d{1,19}$/.test(cmd.id)) return [];
    const status = cmd.status ?? 'pending';
    const repo = this.dataSource.getRepository(AccountApplicationEntity);
    const rows = await repo.find({
      where: { ...(status === 'all' ? {} : { status }), ...(cmd.id !== undefined ? { id: cmd.id } : {}) },
      order: { id: 'ASC' },
      skip: Math.min(Math.max(Math.trunc(cmd.offset ?? 0) || 0, 0), 1_000_000),
      take: Math.min(Math.max(cmd.limit ?? 200, 1), 1000),
    });
    const views: ApplicationView[] = [];
    for (const a of rows) {
      let duplicateOf = a.duplicateOf;
      let duplicateBy: ApplicationView['duplicateBy'] = null;
      let duplicateAccountSub: string | null = null;
      if (a.status === 'pending') {
        const other = { status: 'pending' as const, id: Not(a.id) };
        const sameId = (await this.dataSource.query(
          'SELECT sub FROM accounts WHERE national_id_index = ? LIMIT 1',
          [a.nationalIdIndex],
        )) as { sub: string }[];
        const sameName = sameId.length
          ? []
          : ((await this.dataSource.query(
              'SELECT sub FROM accounts WHERE display_name = ? AND birth_date = ? LIMIT 1',
              [a.displayName, a.birthDate],
            )) as { sub: string }[]);
        duplicateAccountSub = sameId[0]?.sub ?? sameName[0]?.sub ?? null;
        const byIndex = sameId.length
          ? 'account'
          : (await repo.exists({ where: { nationalIdIndex: a.nationalIdIndex, ...other } }))
            ? 'application'
            : null;
        const byName = byIndex
          ? null
          : sameName.length
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
        duplicateAccountSub,
        reviewer: a.reviewer,
        reason: a.reason,
        reviewedAt: a.reviewedAt?.toISOString() ?? null,
      });
    }
    return views;
  }
}
