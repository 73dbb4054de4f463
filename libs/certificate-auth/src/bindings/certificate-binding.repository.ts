import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { TemporarilyUnavailable } from '#identity-core';
import type { VerifiedCard } from '../card/card-signature.verifier.js';
import { CertificateBindingEntity } from './certificate-binding.entity.js';

export type BindingDecision =
  | { kind: 'bound'; binding: CertificateBindingEntity }
  | { kind: 'first' }
  | { kind: 'renewed'; previous: CertificateBindingEntity }
  | { kind: 'conflict' };

@Injectable()
export class CertificateBindingRepository {
  constructor(
    @InjectRepository(CertificateBindingEntity) private readonly repo: Repository<CertificateBindingEntity>,
  ) {}

  /**
   * What this certificate is to this account: its binding; the first certificate of an account
   * with none; a renewed card (same holder DN, issued after the bound one); or a conflict (bound
   * to another account, or the account holds another certificate this one does not renew).
   */
  async decide(accountId: string, card: VerifiedCard): Promise<BindingDecision> {
    return io(async () => {
      const same = await this.repo.findOne({ where: { issuerKeyId: card.issuerKeyId, serial: card.serial } });
      if (same)
        return same.accountId === accountId && !same.replacedAt
          ? { kind: 'bound', binding: same }
          : { kind: 'conflict' };
      const current = await this.repo.find({ where: { accountId, replacedAt: IsNull() } });
      if (!current.length) return { kind: 'first' };
      const renewed = current.find(
        (b) => b.subjectDn === card.cert.subject && b.notBefore.getTime() < card.cert.notBefore.getTime(),
      );
      return renewed ? { kind: 'renewed', previous: renewed } : { kind: 'conflict' };
    });
  }

  async bind(
    accountId: string,
    card: VerifiedCard,
    at: Date,
    replaces?: CertificateBindingEntity,
  ): Promise<void> {
    await io(() =>
      this.repo.manager.transaction(async (m) => {
        if (replaces) await m.update(CertificateBindingEntity, { id: replaces.id }, { replacedAt: at });
        await m.insert(CertificateBindingEntity, {
          accountId,
          issuerKeyId: card.issuerKeyId,
          serial: card.serial,
          fingerprint: createHash('sha256').update(Buffer.from(card.cert.rawData)).digest('hex'),
          subjectDn: card.cert.subject.slice(0, 512),
          notBefore: card.cert.notBefore,
          notAfter: card.cert.notAfter,
          createdAt: at,
          lastUsedAt: at,
          replacedAt: null,
        });
      }),
    );
  }

  async touch(binding: CertificateBindingEntity, at: Date): Promise<void> {
    await io(() => this.repo.update({ id: binding.id }, { lastUsedAt: at }));
  }

  /** The account's certificates, newest first (helpdesk, tests). */
  listFor(accountId: string): Promise<CertificateBindingEntity[]> {
    return this.repo.find({ where: { accountId }, order: { id: 'DESC' } });
  }
}

async function io<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw new TemporarilyUnavailable(e);
  }
}
