import { Inject, Injectable } from '@nestjs/common';
import { IsNull, MoreThan, type EntityManager } from 'typeorm';
import { Clock } from '#identity-core';
import { ACTIVATION_OPTIONS, type ResolvedActivationOptions } from '../activation.options.js';
import { generateActivationCode } from '../domain/activation-code.js';
import { CodeHasher } from '../domain/code-hasher.js';
import { ActivationCodeEntity } from '../entities/activation-code.entity.js';

export interface IssuedCode {
  id: string;
  /** In clear: shown or sent once, never stored. */
  code: string;
  expiresAt: Date;
}

/** Writes activation codes; used by school issuance and by application approval alike. */
@Injectable()
export class ActivationCodeIssuer {
  constructor(
    private readonly hasher: CodeHasher,
    private readonly clock: Clock,
    @Inject(ACTIVATION_OPTIONS) private readonly options: ResolvedActivationOptions,
  ) {}

  /** Codes of the account that could still activate it. */
  valid(m: EntityManager, accountId: string): Promise<ActivationCodeEntity[]> {
    return m.getRepository(ActivationCodeEntity).find({
      where: { accountId, usedAt: IsNull(), revokedAt: IsNull(), expiresAt: MoreThan(this.clock.now()) },
    });
  }

  /** Revokes every unused code of the account (a new one replaces them, or it was activated). */
  async revokeAll(m: EntityManager, accountId: string): Promise<number> {
    const res = await m
      .getRepository(ActivationCodeEntity)
      .update({ accountId, usedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    return res.affected ?? 0;
  }

  async issue(
    m: EntityManager,
    cmd: { accountId: string; schoolId: string | null; actor: string; ttlDays?: number },
  ): Promise<IssuedCode> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + (cmd.ttlDays ?? this.options.codeTtlDays) * 86_400_000);
    const code = generateActivationCode();
    const row = await m.getRepository(ActivationCodeEntity).save({
      accountId: cmd.accountId,
      schoolId: cmd.schoolId,
      codeHash: this.hasher.activationCode(code),
      issuedBy: cmd.actor.slice(0, 128),
      issuedAt: now,
      expiresAt,
      usedAt: null,
      revokedAt: null,
    });
    return { id: row.id, code, expiresAt };
  }
}
