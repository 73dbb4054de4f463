import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { StaffMember } from '#helpdesk';
import { RateLimiter, type RateWindow } from '#identity-core';
import { config } from '../config/config.js';

/** What the portal limits, each per staff member and per IP (sign-in start: per IP, nobody is known yet). */
export type PortalLimit = 'search' | 'action' | 'reveal' | 'export' | 'staff-change' | 'sign-in';

/**
 * Generous for a person at work, tight for a script or a stolen session copying the directory out:
 * a search a second on average, an action every two seconds, a few national IDs and exports an hour.
 * Per IP allows for a county office's staff behind one address.
 */
export const PORTAL_LIMITS: Record<PortalLimit, { staff: RateWindow | null; ip: RateWindow }> = {
  search: { staff: { max: 60, windowSeconds: 60 }, ip: { max: 300, windowSeconds: 60 } },
  action: { staff: { max: 30, windowSeconds: 60 }, ip: { max: 120, windowSeconds: 60 } },
  reveal: { staff: { max: 10, windowSeconds: 3600 }, ip: { max: 30, windowSeconds: 3600 } },
  export: { staff: { max: 5, windowSeconds: 600 }, ip: { max: 20, windowSeconds: 600 } },
  'staff-change': { staff: { max: 20, windowSeconds: 3600 }, ip: { max: 40, windowSeconds: 3600 } },
  'sign-in': { staff: null, ip: { max: 30, windowSeconds: 60 } },
};

/**
 * The portal's request limits, through identity-core's one RateLimiter (fixed windows in Redis,
 * subjects hashed). Over the limit it throws TooManyAttempts, which the portal's error filter
 * answers with its 429 page (zh-TW or English, Retry-After, no stack trace). Every request
 * counts, whatever its outcome.
 */
@Injectable()
export class PortalRateLimits {
  constructor(private readonly limiter: RateLimiter) {}

  async take(limit: PortalLimit, req: Request, staff: StaffMember | null): Promise<void> {
    const rule = PORTAL_LIMITS[limit];
    const space = `${config.redisPrefix}:admin-limit:${limit}`;
    await this.limiter.take(`${space}:ip`, req.ip ?? 'unknown', rule.ip);
    if (rule.staff && staff) await this.limiter.take(`${space}:staff`, staff.accountId, rule.staff);
  }
}
