import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import { directQuery, EntityColumns } from '#database';
import { normalizeNationalId } from '../domain/index.js';
import { AccountEntity } from '../entities/account.entity.js';
import { AffiliationEntity } from '../entities/affiliation.entity.js';
import { SchoolEntity } from '../entities/school.entity.js';
import { PiiService } from '../pii/pii.service.js';
import { normalizeLogin } from './username.js';

/** One account, by any of its unique keys. */
export type AccountKey = { id: string } | { sub: string } | { nationalIdIndex: string };

/** What a provisioned account starts with: no username, no password, status `pending`. */
export interface NewPendingAccount {
  displayName: string;
  birthDate: string | null;
  /** Already protected: PiiService.encrypt / nationalIdIndex of the national ID. */
  nationalIdCipher: string;
  nationalIdIndex: string;
  /** Contacts someone already verified (an application's), or none. */
  email?: string;
  phone?: string;
}

/**
 * The accounts table, for identity-core and the feature libs: reads, provisioning and the
 * credential writes. Status changes go through AccountStateService, never through here. Methods
 * that take a `manager` run inside the caller's transaction when given one.
 */
@Injectable()
export class AccountRepository {
  /** Every login reads the account by username and by sub: plain SQL (see directQuery). */
  private readonly hot: {
    byUsername: string;
    bySub: string;
    withAffiliations: string;
    account: EntityColumns<AccountEntity>;
    affiliation: EntityColumns<AffiliationEntity>;
    school: EntityColumns<SchoolEntity>;
  };

  constructor(
    @InjectRepository(AccountEntity) private readonly repo: Repository<AccountEntity>,
    private readonly pii: PiiService,
  ) {
    const ds = repo.manager.connection;
    const account = new EntityColumns(ds, AccountEntity, 'a');
    const affiliation = new EntityColumns(ds, AffiliationEntity, 'f');
    const school = new EntityColumns(ds, SchoolEntity, 's');
    this.hot = {
      account,
      affiliation,
      school,
      byUsername: `SELECT ${account.select} FROM ${account.table} WHERE a.username = ? LIMIT 1`,
      bySub: `SELECT ${account.select} FROM ${account.table} WHERE a.sub = ? LIMIT 1`,
      // One statement: the account, and each affiliation with its school (a row per affiliation).
      withAffiliations:
        `SELECT ${account.select}, ${affiliation.select}, ${school.select} FROM ${account.table}` +
        ` LEFT JOIN ${affiliation.table} ON f.account_id = a.id LEFT JOIN ${school.table} ON s.eduid = f.school_id` +
        ` WHERE a.sub = ? ORDER BY f.id`,
    };
  }

  private async readOne(sql: string, value: string): Promise<AccountEntity | null> {
    const [row] = await directQuery(this.repo.manager.connection, sql, [value]);
    return row ? this.hot.account.read(row) : null;
  }

  /** Accepts `name`, `NAME` or `name@mail.edu.tw`. */
  async findByLogin(login: string): Promise<AccountEntity | null> {
    const username = normalizeLogin(login);
    return username ? this.readOne(this.hot.byUsername, username) : null;
  }

  findBySub(sub: string): Promise<AccountEntity | null> {
    return this.readOne(this.hot.bySub, sub);
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

  /** The account with `affiliations` (each with its `school`), in the order they were added. */
  async findWithAffiliations(sub: string): Promise<AccountEntity | null> {
    const rows = await directQuery(this.repo.manager.connection, this.hot.withAffiliations, [sub]);
    const account = rows[0] ? this.hot.account.read(rows[0]) : null;
    if (!account) return null;
    account.affiliations = [];
    for (const row of rows) {
      const affiliation = this.hot.affiliation.read(row);
      if (!affiliation) continue;
      affiliation.school = this.hot.school.read(row) ?? undefined;
      account.affiliations.push(affiliation);
    }
    return account;
  }

  /** The account, row-locked until the caller's transaction ends (SELECT … FOR UPDATE). */
  findForUpdate(key: AccountKey, manager: EntityManager): Promise<AccountEntity | null> {
    return this.on(manager).findOne({ where: key, lock: { mode: 'pessimistic_write' } });
  }

  /** Whether a person (by national ID blind index) already has an account. */
  existsByNationalIdIndex(index: string, manager?: EntityManager): Promise<boolean> {
    return this.on(manager).exists({ where: { nationalIdIndex: index } });
  }

  /** `username` as stored (normalised). */
  existsByUsername(username: string, manager?: EntityManager): Promise<boolean> {
    return this.on(manager).exists({ where: { username } });
  }

  /** Those of `ids` still waiting for activation. */
  findPending(ids: string[], manager?: EntityManager): Promise<AccountEntity[]> {
    return ids.length
      ? this.on(manager).find({ where: { id: In(ids), status: 'pending' } })
      : Promise.resolve([]);
  }

  /**
   * What a bulk import needs of the person's account, row-locked (SELECT … FOR UPDATE): plain SQL,
   * since an import does this for each of thousands of lines and the ORM's mapping costs more CPU
   * than the query.
   */
  async lockForImport(
    nationalIdIndex: string,
    manager: EntityManager,
  ): Promise<Pick<AccountEntity, 'id' | 'sub' | 'status' | 'displayName' | 'birthDate'> | null> {
    const [row] = (await manager.query(
      `SELECT id, sub, status, display_name, birth_date FROM accounts WHERE national_id_index = ? FOR UPDATE`,
      [nationalIdIndex],
    )) as {
      id: string;
      sub: string;
      status: AccountEntity['status'];
      display_name: string;
      birth_date: string | null;
    }[];
    return row
      ? {
          id: String(row.id),
          sub: row.sub,
          status: row.status,
          displayName: row.display_name,
          birthDate: row.birth_date,
        }
      : null;
  }

  /** createPending for bulk imports (no contacts): one plain INSERT, nothing read back. */
  async insertPending(
    account: Omit<NewPendingAccount, 'email' | 'phone'>,
    at: Date,
    manager: EntityManager,
  ): Promise<{ id: string; sub: string }> {
    const sub = randomUUID();
    const r = (await manager.query(
      `INSERT INTO accounts (sub, username, display_name, email_verified, phone_verified, birth_date,
                             national_id_cipher, national_id_index, status, status_changed_at)
       VALUES (?, NULL, ?, 0, 0, ?, ?, ?, 'pending', ?)`,
      [sub, account.displayName, account.birthDate, account.nationalIdCipher, account.nationalIdIndex, at],
    )) as { insertId: number | string };
    return { id: String(r.insertId), sub };
  }

  /** A new account in state `pending` (roster import, approved application); the caller audits it. */
  createPending(account: NewPendingAccount, at: Date, manager: EntityManager): Promise<AccountEntity> {
    const repo = this.on(manager);
    return repo.save(
      repo.create({
        sub: randomUUID(),
        username: null,
        displayName: account.displayName,
        givenName: null,
        familyName: null,
        email: account.email ?? null,
        emailVerified: account.email !== undefined,
        phone: account.phone ?? null,
        phoneVerified: account.phone !== undefined,
        birthDate: account.birthDate,
        nationalIdCipher: account.nationalIdCipher,
        nationalIdIndex: account.nationalIdIndex,
        passwordHash: null,
        passwordChangedAt: null,
        status: 'pending',
        statusChangedAt: at,
      }),
    );
  }

  /** A newer roster's name and birth date for an account nobody activated yet (activated ones are their holders'). */
  async correctPending(
    id: string,
    fields: { displayName: string; birthDate: string | null },
    manager: EntityManager,
  ): Promise<void> {
    await this.on(manager).update({ id, status: 'pending' }, fields);
  }

  /** A new password hash (reset, rehash); the status is not touched. */
  async setPassword(id: string, passwordHash: string, at: Date, manager?: EntityManager): Promise<void> {
    await this.on(manager).update({ id }, { passwordHash, passwordChangedAt: at });
  }

  /** A new verified email or mobile, chosen by the holder and proven by a code (My account). */
  async setContact(
    id: string,
    channel: 'email' | 'phone',
    value: string,
    manager?: EntityManager,
  ): Promise<void> {
    await this.on(manager).update(
      { id },
      channel === 'email' ? { email: value, emailVerified: true } : { phone: value, phoneVerified: true },
    );
  }

  /**
   * An email or mobile typed in by the helpdesk: nobody proved the holder receives it, so it is
   * verified only when the staff member confirmed the holder's identity on screen (the checklist);
   * otherwise the holder proves it with a code before it can carry a reset or a sign-in code.
   */
  async setContactEnteredByStaff(
    id: string,
    channel: 'email' | 'phone',
    value: string,
    verified: boolean,
  ): Promise<void> {
    await this.repo.update(
      { id },
      channel === 'email'
        ? { email: value, emailVerified: verified }
        : { phone: value, phoneVerified: verified },
    );
  }

  /** The same password under current hashing parameters: not a password change, so `password_changed_at` stays. */
  async rehashPassword(id: string, passwordHash: string): Promise<void> {
    await this.repo.update({ id }, { passwordHash });
  }

  private on(manager?: EntityManager): Repository<AccountEntity> {
    return manager ? manager.getRepository(AccountEntity) : this.repo;
  }
}
