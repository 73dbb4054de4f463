import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '#platform';
import { config } from '../config/config.js';
import { SESSION } from './session.constants.js';

const ID = /^[A-Za-z0-9_-]{22}$/;
const FIELD_MAX = 500;

/** What a staff-change form held when it was sent (never a password: these forms have none). */
export type StaffDraft =
  | { action: 'grant'; username: string; role: string; county: string; school: string; reason: string }
  | { action: 'revoke'; username: string; reason: string };

/**
 * A staff-change form sent when a fresh sign-in was due, kept across the idp's round trip so the
 * page comes back filled in: in Redis for the sign-in transaction's time, for the staff member who
 * typed it (another account's id finds nothing), read once. The browser carries only a random id.
 */
@Injectable()
export class StaffDraftStore {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  private key(staffSub: string, id: string) {
    return `${config.redisPrefix}:admin:staff-draft:${staffSub}:${id}`;
  }

  /** Keeps the draft; returns its id for the return address. */
  async put(staffSub: string, draft: StaffDraft): Promise<string> {
    const id = randomBytes(16).toString('base64url');
    const kept = Object.fromEntries(
      Object.entries(draft).map(([k, v]) => [k, String(v).slice(0, FIELD_MAX)]),
    ) as StaffDraft;
    await this.redis.set(this.key(staffSub, id), JSON.stringify(kept), 'EX', SESSION.txSeconds);
    return id;
  }

  async take(staffSub: string, id: unknown): Promise<StaffDraft | null> {
    if (typeof id !== 'string' || !ID.test(id)) return null;
    const raw = await this.redis.getdel(this.key(staffSub, id));
    return raw ? (JSON.parse(raw) as StaffDraft) : null;
  }
}
