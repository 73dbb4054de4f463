import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';
import { FixedClock, type AccountEntity, type AccountRepository } from '#identity-core';
import { ResetLinkUnusable, type ResetLinkProblem } from '../domain/reset-errors.js';
import { ResetSecrets } from '../secrets/reset-secrets.js';
import type { ResetChallengeEntity } from './reset-challenge.entity.js';
import type { ResetChallengeRepository } from './reset-challenge.repository.js';
import { ResetTicketReader } from './reset-ticket.reader.js';

const T0 = new Date('2026-03-01T08:00:00Z');

describe('ResetTicketReader', () => {
  const secrets = new ResetSecrets({ secret: randomBytes(32), resetLinkUrl: 'http://x/r', namespace: 't' });
  let clock: FixedClock;
  let challenges: ResetChallengeEntity[];
  let accounts: Partial<AccountEntity>[];
  let lookups: number;
  let accountLookups: unknown[];
  let reader: ResetTicketReader;
  let ticket: string;
  let challenge: ResetChallengeEntity;

  beforeEach(() => {
    clock = new FixedClock(T0);
    lookups = 0;
    accountLookups = [];
    ticket = secrets.newToken();
    challenge = {
      id: '9',
      tokenHash: secrets.hashToken(ticket),
      accountId: '7',
      subject: 'lin.student',
      channel: 'email',
      codeHmac: null,
      attempts: 0,
      locale: 'zh-TW',
      expiresAt: new Date(T0.getTime() + 30 * 60_000),
      verifiedAt: null,
      secondFactorAt: null,
      usedAt: null,
      createdAt: T0,
    };
    challenges = [challenge];
    accounts = [{ id: '7', sub: 's7', username: 'lin.student', status: 'active' }];
    reader = new ResetTicketReader(
      {
        findByTokenHash: async (h: string) => (lookups++, challenges.find((c) => c.tokenHash === h) ?? null),
      } as unknown as ResetChallengeRepository,
      {
        findById: async (id: string) => (accountLookups.push(id), accounts.find((a) => a.id === id) ?? null),
      } as unknown as AccountRepository,
      secrets,
      clock,
    );
  });

  const refused = (problem: ResetLinkProblem, ...t: [unknown?]) =>
    assert.rejects(
      reader.open(t.length ? t[0] : ticket),
      (e) => e instanceof ResetLinkUnusable && e.problem === problem,
    );

  it('opens an email link of an active or locked account, and only reads it', async () => {
    const opened = await reader.open(ticket);
    assert.equal(opened.challenge, challenge);
    assert.equal(opened.account, accounts[0]);
    accounts[0]!.status = 'locked';
    assert.equal((await reader.open(ticket)).account.status, 'locked');
    assert.equal(challenge.usedAt, null);
  });

  it('refuses anything that is not a token without looking it up', async () => {
    // An array is what a repeated query parameter parses to; it must not pass for its text.
    for (const t of [undefined, null, 7, [ticket], '', ticket.slice(1), `${ticket}A`, `${ticket.slice(1)}=`])
      await refused('invalid', t);
    assert.equal(lookups, 0);
    await refused('invalid', secrets.newToken());
  });

  it('an SMS challenge is a ticket only once its code was entered', async () => {
    challenge.channel = 'sms';
    await refused('invalid');
    challenge.verifiedAt = T0;
    assert.equal((await reader.open(ticket)).challenge.id, '9');
  });

  it('a challenge of an unknown identifier never opens, and looks up no account', async () => {
    challenge.accountId = null;
    await refused('invalid');
    // (A look-up by a null id is what an ORM may answer with the first row.)
    assert.deepEqual(accountLookups, []);
  });

  it('says used, then expired, in that order, with the deadline itself already expired', async () => {
    clock.set(new Date(challenge.expiresAt.getTime() - 1));
    await reader.open(ticket);
    clock.set(challenge.expiresAt);
    await refused('expired');
    challenge.usedAt = T0;
    await refused('used');
  });

  it('refuses accounts that are gone, disabled or not yet activated', async () => {
    for (const status of ['disabled', 'pending'] as const) {
      accounts[0]!.status = status;
      await refused('invalid');
    }
    accounts = [];
    await refused('invalid');
  });
});
