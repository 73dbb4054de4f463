import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type EntityManager, type Repository } from 'typeorm';
import { ResetChallengeEntity } from './reset-challenge.entity.js';

type NewChallenge = Omit<ResetChallengeEntity, 'id'>;

/**
 * Every state change is one conditional UPDATE, so two concurrent requests can never both count
 * the same attempt, verify the same code or use the same link.
 */
@Injectable()
export class ResetChallengeRepository {
  constructor(
    @InjectRepository(ResetChallengeEntity) private readonly repo: Repository<ResetChallengeEntity>,
  ) {}

  private r(manager?: EntityManager): Repository<ResetChallengeEntity> {
    return manager ? manager.getRepository(ResetChallengeEntity) : this.repo;
  }

  async insert(c: NewChallenge, manager?: EntityManager): Promise<string> {
    const result = await this.r(manager).insert(c);
    return String(result.identifiers[0]!.id);
  }

  findByTokenHash(tokenHash: string): Promise<ResetChallengeEntity | null> {
    return this.repo.findOne({ where: { tokenHash } });
  }

  /** Ends the account's open challenges: only the newest link or code works. */
  async supersedeOpen(accountId: string, now: Date, manager?: EntityManager): Promise<void> {
    await this.r(manager).update({ accountId, usedAt: IsNull() }, { usedAt: now });
  }

  /**
   * Counts one code entry before it is checked; false when none is left, the code expired, or the
   * challenge is verified or used already.
   */
  async countAttempt(id: string, maxAttempts: number, now: Date): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .update()
      .set({ attempts: () => 'attempts + 1' })
      .where(
        'id = :id AND attempts < :max AND used_at IS NULL AND verified_at IS NULL AND expires_at > :now',
        {
          id,
          max: maxAttempts,
          now,
        },
      )
      .execute();
    return result.affected === 1;
  }

  /** The right code: the flow continues under a new ticket, with a new deadline. */
  async markVerified(id: string, ticketHash: string, now: Date, expiresAt: Date): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .update()
      .set({ tokenHash: ticketHash, verifiedAt: now, expiresAt })
      .where('id = :id AND verified_at IS NULL AND used_at IS NULL', { id })
      .execute();
    return result.affected === 1;
  }

  /** Single use: true for exactly one caller. */
  async consume(id: string, now: Date, manager: EntityManager): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ResetChallengeEntity)
      .set({ usedAt: now })
      .where('id = :id AND used_at IS NULL AND expires_at > :now', { id, now })
      .execute();
    return result.affected === 1;
  }

  /** Housekeeping: rows a day past their expiry say nothing any more. */
  async purgeExpired(before: Date): Promise<void> {
    await this.repo.query('DELETE FROM password_reset_challenges WHERE expires_at < ? LIMIT 100', [before]);
  }
}
