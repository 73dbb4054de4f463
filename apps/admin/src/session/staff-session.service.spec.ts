import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Request } from 'express';
import type { Redis } from 'ioredis';
import type { ListStaffUseCase, StaffMember } from '#helpdesk';
import { FixedClock, type AuditService } from '#identity-core';
import type { LogoutTokenVerifier, RelyingPartyService } from '#relying-party';
import type { WebCookies } from '#web';
import { safeReturn, StaffSessionService, type StaffSession } from './staff-session.service.js';

/** Just the Redis commands the service uses, over a Map; `ttl` records the last EXPIRE/EX. */
class FakeRedis {
  readonly values = new Map<string, string>();
  readonly sets = new Map<string, Set<string>>();
  readonly ttl = new Map<string, number>();
  async get(k: string) {
    return this.values.get(k) ?? null;
  }
  async getdel(k: string) {
    const v = this.values.get(k) ?? null;
    this.values.delete(k);
    return v;
  }
  async expire(k: string, s: number) {
    this.ttl.set(k, s);
    return 1;
  }
  async smembers(k: string) {
    return [...(this.sets.get(k) ?? [])];
  }
  async set(k: string, v: string, _ex: string, s: number) {
    this.values.set(k, v);
    this.ttl.set(k, s);
    return 'OK';
  }
  async del(k: string) {
    return this.values.delete(k) ? 1 : 0;
  }
  async srem(k: string, m: string) {
    return this.sets.get(k)?.delete(m) ? 1 : 0;
  }
  multi() {
    const ops: (() => void)[] = [];
    const chain = {
      set: (k: string, v: string, _ex: string, s: number) => (
        ops.push(() => (this.values.set(k, v), this.ttl.set(k, s))),
        chain
      ),
      sadd: (k: string, m: string) => (
        ops.push(() => this.sets.set(k, new Set([...(this.sets.get(k) ?? []), m]))),
        chain
      ),
      srem: (k: string, m: string) => (ops.push(() => this.sets.get(k)?.delete(m)), chain),
      expire: (k: string, s: number) => (ops.push(() => this.ttl.set(k, s)), chain),
      del: (k: string) => (ops.push(() => this.values.delete(k)), chain),
      exec: async () => ops.forEach((op) => op()),
    };
    return chain;
  }
}

const STAFF = { sub: 'staff-sub', role: 'helpdesk', username: 'hd.agent' } as StaffMember;
const ID = 'a'.repeat(43);

function world(opts: { staff?: StaffMember | null; notice?: { sub?: string; sid?: string } } = {}) {
  const redis = new FakeRedis();
  const clock = new FixedClock(new Date('2026-12-01T08:00:00Z'));
  const audits: unknown[] = [];
  const service = new StaffSessionService(
    redis as unknown as Redis,
    { hostName: (n: string) => n } as unknown as WebCookies,
    {} as RelyingPartyService,
    { verify: async () => opts.notice ?? {} } as unknown as LogoutTokenVerifier,
    { bySub: async () => (opts.staff === undefined ? STAFF : opts.staff) } as unknown as ListStaffUseCase,
    { record: async (e: unknown) => void audits.push(e) } as unknown as AuditService,
    clock,
  );
  const prefix = `${process.env.REDIS_PREFIX ?? 'edusso'}:admin`;
  const store = (id: string, over: Partial<StaffSession> = {}) => {
    const s: StaffSession = {
      id,
      sub: STAFF.sub,
      sid: 'sid-1',
      acr: 'urn:edu-sso:acr:mfa',
      authTime: clock.now().getTime() / 1000,
      startedAt: clock.now().getTime(),
      idToken: null,
      ...over,
    };
    redis.values.set(`${prefix}:s:${id}`, JSON.stringify(s));
    redis.sets.set(
      `${prefix}:sub:${s.sub}`,
      new Set([...(redis.sets.get(`${prefix}:sub:${s.sub}`) ?? []), id]),
    );
    if (s.sid) redis.sets.set(`${prefix}:sid:${s.sid}`, new Set([id]));
  };
  const req = (id = ID) => ({ headers: { cookie: `edu_admin=${id}` } }) as unknown as Request;
  return { redis, clock, service, store, req, prefix, audits };
}

describe('staff sessions', () => {
  it('each request moves the idle timeout (15 min) but never past the absolute end (8 h)', async () => {
    const w = world();
    w.store(ID);
    assert.equal((await w.service.current(w.req()))?.staff, STAFF);
    assert.equal(w.redis.ttl.get(`${w.prefix}:s:${ID}`), 15 * 60);
    w.clock.set(new Date(w.clock.now().getTime() + (8 * 3600 - 100) * 1000));
    assert.ok(await w.service.current(w.req()));
    assert.equal(w.redis.ttl.get(`${w.prefix}:s:${ID}`), 100);
    w.clock.set(new Date(w.clock.now().getTime() + 100_000));
    assert.equal(await w.service.current(w.req()), null);
    assert.equal(w.redis.values.has(`${w.prefix}:s:${ID}`), false, 'the expired session is deleted');
  });

  it('ends with the staff role', async () => {
    const w = world({ staff: null });
    w.store(ID);
    assert.equal(await w.service.current(w.req()), null);
    assert.equal(w.redis.values.size, 0);
  });

  it('ignores cookies that are not session ids', async () => {
    const w = world();
    w.store(ID);
    for (const bad of ['', 'x', `${ID}x`, '../../etc', `${'a'.repeat(42)}*`])
      assert.equal(await w.service.current(w.req(bad)), null, bad);
  });

  it('a back-channel logout ends every portal session of that account, and is audited', async () => {
    const w = world({ notice: { sub: STAFF.sub, sid: 'sid-1' } });
    w.store(ID);
    w.store('b'.repeat(43), { sid: 'sid-2' });
    w.store('c'.repeat(43), { sub: 'someone-else', sid: 'sid-3' });
    assert.equal(await w.service.backchannelLogout('token'), 2);
    assert.equal(await w.service.current(w.req()), null);
    assert.equal(await w.service.current(w.req('b'.repeat(43))), null);
    assert.ok(w.redis.values.has(`${w.prefix}:s:${'c'.repeat(43)}`), "another account's session stays");
    assert.equal(w.audits.length, 1);
  });

  it('returns only to paths of the portal (no open redirect)', () => {
    for (const ok of ['/', '/accounts/abc-123', '/?q=abc&page=2']) assert.equal(safeReturn(ok), ok);
    for (const bad of [
      '//evil.example/',
      'https://evil.example/',
      '/\\evil',
      '/a/../b',
      'javascript:alert(1)',
      '',
    ])
      assert.equal(safeReturn(bad), '/', bad);
  });
});
