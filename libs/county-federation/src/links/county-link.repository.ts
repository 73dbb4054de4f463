import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { CountyLinkEntity } from '../entities/county-link.entity.js';

/** Links between county identities and accounts. */
@Injectable()
export class CountyLinkRepository {
  constructor(@InjectRepository(CountyLinkEntity) private readonly repo: Repository<CountyLinkEntity>) {}

  findBySubject(providerId: string, subject: string): Promise<CountyLinkEntity | null> {
    return this.repo.findOne({ where: { providerId, subject } });
  }

  forAccount(accountId: string): Promise<CountyLinkEntity[]> {
    return this.repo.find({ where: { accountId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findOfAccount(
    accountId: string,
    providerId: string,
    manager?: EntityManager,
  ): Promise<CountyLinkEntity | null> {
    return this.on(manager).findOne({ where: { accountId, providerId } });
  }

  /** Within the caller's transaction; the unique keys refuse a second link of either side. */
  async insert(
    link: Pick<CountyLinkEntity, 'accountId' | 'providerId' | 'subject' | 'linkedBy'>,
    at: Date,
    manager?: EntityManager,
  ): Promise<void> {
    await this.on(manager).insert({ ...link, createdAt: at, lastLoginAt: at });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.repo.update({ id }, { lastLoginAt: at });
  }

  async remove(id: string, manager?: EntityManager): Promise<void> {
    await this.on(manager).delete({ id });
  }

  private on(manager?: EntityManager): Repository<CountyLinkEntity> {
    return manager ? manager.getRepository(CountyLinkEntity) : this.repo;
  }
}
