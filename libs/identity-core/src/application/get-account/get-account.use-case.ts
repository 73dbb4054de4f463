import { Injectable } from '@nestjs/common';
import { maskNationalId, NotFound } from '../../domain/index.js';
import { AccountRepository } from '../../accounts/account.repository.js';
import { normalizeLogin } from '../../accounts/username.js';
import { PiiService } from '../../pii/pii.service.js';
import type { AccountView } from './account-view.js';

@Injectable()
export class GetAccountUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly pii: PiiService,
  ) {}

  async execute(login: string): Promise<AccountView> {
    const username = normalizeLogin(login);
    const found = username ? await this.accounts.findByLogin(username) : null;
    const account = found ? await this.accounts.findWithAffiliations(found.sub) : null;
    if (!account) throw new NotFound('account');
    return {
      sub: account.sub,
      username: account.username,
      name: account.displayName,
      givenName: account.givenName,
      familyName: account.familyName,
      email: account.email,
      emailVerified: account.emailVerified,
      phone: account.phone,
      phoneVerified: account.phoneVerified,
      birthDate: account.birthDate,
      nationalId: account.nationalIdCipher
        ? maskNationalId(this.pii.decrypt(account.nationalIdCipher))
        : null,
      status: account.status,
      createdAt: account.createdAt.toISOString(),
      affiliations: (account.affiliations ?? []).map((a) => ({
        schoolId: a.schoolId,
        schoolName: a.school?.name ?? null,
        year: a.year,
        semester: a.semester,
        titles: a.titles,
        grade: a.grade,
        classNo: a.classNo,
        classTitle: a.classTitle,
      })),
    };
  }
}
