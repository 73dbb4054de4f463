import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { normalizeNationalId } from '../domain/index.js';
import { AccountEntity } from '../entities/account.entity.js';
import { PiiService } from '../pii/pii.service.js';
import { normalizeLogin } from './username.js';

@Injectable()
export class AccountRepository {
  constructor(
    @InjectRepository(AccountEntity) private readonly repo: Repository<AccountEntity>,
    private readonly pii: PiiService,
  ) {}

  /** Accepts `name`, `NAME` or `name@mail.edu.tw`. */
  async findByLogin(login: string): Promise<AccountEntity | null> {
    const username = normalizeLogin(login);
    return username ? this.repo.findOne({ where: { username } }) : null;
  }

  findBySub(sub: string): Promise<AccountEntity | null> {
    return this.repo.findOne({ where: { sub } });
  }

  findById(id: string): Promise<AccountEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  /** Exact match through the blind index; never decrypts to search. */
  findByNationalId(nationalId: string): Promise<AccountEntity | null> {
    return this.repo.findOne({
      where: { nationalIdIndex: this.pii.nationalIdIndex(normalizeNationalId(nationalId)) },
    });
  }

  findWithAffiliations(sub: string): Promise<AccountEntity | null> {
    return this.repo.findOne({ where: { sub }, relations: { affiliations: { school: true } } });
  }

  save(account: AccountEntity, manager?: EntityManager): Promise<AccountEntity> {
    return (manager ? manager.getRepository(AccountEntity) : this.repo).save(account);
  }
}
