import { Injectable } from '@nestjs/common';
import { AccountRepository, Clock, type AccountEntity } from '#identity-core';
import { ResetLinkUnusable } from '../domain/reset-errors.js';
import { ResetSecrets, TOKEN_PATTERN } from '../secrets/reset-secrets.js';
import type { ResetChallengeEntity } from './reset-challenge.entity.js';
import { ResetChallengeRepository } from './reset-challenge.repository.js';

export interface OpenTicket {
  challenge: ResetChallengeEntity;
  account: AccountEntity;
}

/**
 * A ticket allows setting a new password: the email link's token, or the ticket an SMS flow gets
 * once the right code is entered (the code page's own token is not one). Only reads: opening a
 * link (which mail scanners also do) never uses it up.
 */
@Injectable()
export class ResetTicketReader {
  constructor(
    private readonly challenges: ResetChallengeRepository,
    private readonly accounts: AccountRepository,
    private readonly secrets: ResetSecrets,
    private readonly clock: Clock,
  ) {}

  async open(ticket: unknown): Promise<OpenTicket> {
    if (typeof ticket !== 'string' || !TOKEN_PATTERN.test(ticket)) throw new ResetLinkUnusable('invalid');
    const challenge = await this.challenges.findByTokenHash(this.secrets.hashToken(ticket));
    if (!challenge || (challenge.channel === 'sms' && !challenge.verifiedAt) || challenge.accountId === null)
      throw new ResetLinkUnusable('invalid');
    if (challenge.usedAt) throw new ResetLinkUnusable('used');
    if (challenge.expiresAt.getTime() <= this.clock.now().getTime()) throw new ResetLinkUnusable('expired');
    const account = await this.accounts.findById(challenge.accountId);
    if (!account || (account.status !== 'active' && account.status !== 'locked'))
      throw new ResetLinkUnusable('invalid');
    return { challenge, account };
  }
}
