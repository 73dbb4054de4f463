import { Injectable } from '@nestjs/common';
import { DataSource, Not } from 'typeorm';
import { AccountRepository, PiiService, maskNationalId } from '#identity-core';
import {
  AccountApplicationEntity,
  type ApplicationStatus,
} from '../../entities/account-application.entity.js';
import type { ApplicationView } from './application-view.js';

/** `applications:list`: the helpdesk queue, oldest first. */
@Injectable()
export class ListApplicationsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly pii: PiiService,
  ) {}

  async execute(
    cmd: { status?: ApplicationStatus | 'all'; limit?: number } = {},
  ): Promise<ApplicationView[]> {
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
      if (a.status === 'pending') {
        duplicateOf = (await this.accounts.existsByNationalIdIndex(a.nationalIdIndex))
          ? 'account'
          : (await repo.exists({
                where: { nationalIdIndex: a.nationalIdIndex, status: 'pending', id: Not(a.id) },
              }))
            ? 'application'
            : null;
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
        reviewer: a.reviewer,
        reason: a.reason,
        reviewedAt: a.reviewedAt?.toISOString() ?? null,
      });
    }
    return views;
  }
}
