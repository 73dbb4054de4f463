import { createHmac, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AccountRepository, AuditService } from '#identity-core';
import { NotificationOutbox, type NotificationLocale } from '#notifications';
import { REDIS } from '#platform';
import { ACCOUNTS_OPTIONS, type AccountsOptions } from '../../accounts.options.js';
import { verifiedChannels } from '../holder-context.js';

export interface CompletedSignIn {
  sub: string;
  amr: string[];
  acr: string;
  clientId: string;
  /** The engine's login time (seconds): the session it starts carries the same. */
  ts: number;
  ip: string | null;
  userAgent: string | null;
  /** The browser's device cookie, if it has one. */
  deviceId: string | null;
  locale: NotificationLocale;
}

const DEVICE = /^[A-Za-z0-9_-]{32}$/;
const DEVICE_TTL_SECONDS = 400 * 24 * 3600;

/**
 * Records a completed sign-in (the `login.complete` audit event My account lists, with where it
 * came from) and recognises the browser by a long-lived random device cookie: the first sign-in
 * of an account just remembers it; a later one from a browser the account has not used before
 * sends the holder the seed's warning ("if this was not you…" with a link to sign out
 * everywhere). Devices are kept per account in Redis as keyed hashes.
 */
@Injectable()
export class NoteSignInUseCase {
  private readonly key: Buffer;

  constructor(
    private readonly accounts: AccountRepository,
    private readonly audit: AuditService,
    private readonly outbox: NotificationOutbox,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ACCOUNTS_OPTIONS) private readonly options: AccountsOptions,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', options.secret, 'edu-sso/accounts', 'device v1', 32));
  }

  /** Returns the device id the browser should keep (a new one when it had none). */
  async execute(s: CompletedSignIn): Promise<{ deviceId: string; newDevice: boolean }> {
    const deviceId =
      s.deviceId && DEVICE.test(s.deviceId) ? s.deviceId : randomBytes(24).toString('base64url');
    const setKey = `${this.options.namespace}:devices:${s.sub}`;
    const hash = createHmac('sha256', this.key).update(deviceId).digest('base64url');
    const [[, known], [, added]] = (await this.redis
      .multi()
      .scard(setKey)
      .sadd(setKey, hash)
      .expire(setKey, DEVICE_TTL_SECONDS)
      .exec()) as [[null, number], [null, number]];
    const newDevice = known > 0 && added === 1;
    await this.audit.record({
      actor: `account:${s.sub}`,
      action: 'login.complete',
      target: `account:${s.sub}`,
      result: 'success',
      ip: s.ip,
      userAgent: s.userAgent,
      details: { ts: s.ts, amr: s.amr, acr: s.acr, client: s.clientId, newDevice },
    });
    // The account (its name and contacts) only for the mail: most sign-ins come from a known
    // browser and cost no read here.
    const account = newDevice ? await this.accounts.findBySub(s.sub) : null;
    if (account) {
      const data = {
        name: account.displayName,
        time: new Date(s.ts * 1000).toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
        device: (s.userAgent ?? '?').slice(0, 80),
        place: s.ip ?? '?',
        link: this.options.accountUrl,
      };
      const id = randomUUID();
      for (const c of verifiedChannels(account))
        await this.outbox.enqueue({
          channel: c.channel,
          to: c.to,
          template: 'security.new-device',
          locale: s.locale,
          data,
          idempotencyKey: `security.new-device:${id}:${c.channel}`,
        });
    }
    return { deviceId, newDevice };
  }
}
