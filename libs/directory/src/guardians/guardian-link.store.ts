import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { GuardianLinkEntity, type GuardianLinkStatus } from '../entities/index.js';

/** guardian_links: one row per parent × child, whatever its status. */
@Injectable()
export class GuardianLinkStore {
  constructor(@InjectRepository(GuardianLinkEntity) private readonly repo: Repository<GuardianLinkEntity>) {}

  find(
    parentAccountId: string,
    childAccountId: string,
    m: EntityManager,
  ): Promise<GuardianLinkEntity | null> {
    return m
      .getRepository(GuardianLinkEntity)
      .findOne({ where: { parentAccountId, childAccountId }, lock: { mode: 'pessimistic_write' } });
  }

  findById(id: string, m: EntityManager): Promise<GuardianLinkEntity | null> {
    if (!/^\d{1,19}$/.test(id)) return Promise.resolve(null);
    return m
      .getRepository(GuardianLinkEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The children a parent may see: confirmed links only. */
  confirmedChildren(parentAccountId: string): Promise<GuardianLinkEntity[]> {
    return this.repo.find({ where: { parentAccountId, status: 'confirmed' }, order: { id: 'ASC' } });
  }

  list(filter: { schoolId?: string; status?: GuardianLinkStatus }): Promise<GuardianLinkEntity[]> {
    return this.repo.find({
      where: {
        ...(filter.schoolId ? { schoolId: filter.schoolId } : {}),
        ...(filter.status ? { status: filter.status } : {}),
      },
      order: { id: 'ASC' },
      take: 1000,
    });
  }
}
