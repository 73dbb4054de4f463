import { Injectable } from '@nestjs/common';
import { AccountRepository, maskNationalId, PiiService } from '#identity-core';
import type { GuardianLinkStatus } from '../../entities/index.js';
import { GuardianLinkStore } from '../../guardians/guardian-link.store.js';

export interface GuardianLinkView {
  id: string;
  status: GuardianLinkStatus;
  source: 'import' | 'request';
  schoolId: string;
  relationship: string | null;
  parent: { sub: string; name: string; nationalId: string | null };
  child: { sub: string; name: string; nationalId: string | null };
  requestedBy: string;
  decidedBy: string | null;
  createdAt: string;
}

/** The links of a school (or all), for the school or helpdesk to decide; national IDs masked. */
@Injectable()
export class ListGuardianLinksUseCase {
  constructor(
    private readonly links: GuardianLinkStore,
    private readonly accounts: AccountRepository,
    private readonly pii: PiiService,
  ) {}

  async execute(filter: { schoolId?: string; status?: GuardianLinkStatus }): Promise<GuardianLinkView[]> {
    const rows = await this.links.list(filter);
    const people = new Map<string, GuardianLinkView['parent']>();
    const person = async (id: string) => {
      let p = people.get(id);
      if (!p) {
        const a = await this.accounts.findById(id);
        const nid = a?.nationalIdCipher ? this.pii.decrypt(a.nationalIdCipher) : null;
        p = { sub: a?.sub ?? '', name: a?.displayName ?? '', nationalId: nid ? maskNationalId(nid) : null };
        people.set(id, p);
      }
      return p;
    };
    const out: GuardianLinkView[] = [];
    for (const r of rows)
      out.push({
        id: r.id,
        status: r.status,
        source: r.source,
        schoolId: r.schoolId,
        relationship: r.relationship,
        parent: await person(r.parentAccountId),
        child: await person(r.childAccountId),
        requestedBy: r.requestedBy,
        decidedBy: r.decidedBy,
        createdAt: r.createdAt.toISOString(),
      });
    return out;
  }
}
