import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Agent } from 'node:http';
import { createConnection } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { passwordLogin, type LoginTarget } from '../../bench/lib/flows.js';
import { request } from '../../bench/lib/http.js';
import { freePort, startApp, type RunningApp } from '#test-support';
import { ScaleHarness, STUDENT } from './scale-harness.js';

/** The processes the cluster primary runs (its children), by pid. */
function children(app: RunningApp): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(app.child.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number)
      .sort();
  } catch {
    return [];
  }
}

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * A load balancer at the socket level: each new connection goes to the next port in turn, so the
 * requests of one login (no keep-alive) alternate between instances that share one issuer.
 */
function roundRobinAgent(ports: number[]): Agent {
  let next = 0;
  const agent = new Agent({ keepAlive: false });
  (agent as unknown as { createConnection: unknown }).createConnection = () =>
    createConnection({ host: '127.0.0.1', port: ports[next++ % ports.length] });
  return agent;
}

describe('idp processes: IDP_WORKERS on one port, rolling restart, two instances', () => {
  const h = new ScaleHarness();
  let target: LoginTarget;

  before(async () => {
    await h.start();
    h.idp = await startApp('idp', {
      ...h.env,
      IDP_WORKERS: '2',
      LOG_LEVEL: 'info',
      SHUTDOWN_DRAIN_MS: '1000',
    });
    target = await h.loginTarget(h.idp.url);
  });
  after(() => h.stop());

  it('runs IDP_WORKERS processes behind the one port, and a login works through them', async () => {
    await until('two processes listening', () => (h.idp.output().match(/listening on/g) ?? []).length >= 2);
    assert.equal(children(h.idp).length, 2);
    const tokens = await passwordLogin(target, { login: STUDENT.username, password: STUDENT.password });
    assert.ok(tokens.id_token);
  });

  it('replaces a process that dies, and keeps serving meanwhile', async () => {
    const [victim] = children(h.idp);
    process.kill(victim, 'SIGKILL');
    // Its own connections die with it (a crash loses its in-flight requests); new ones go to the other.
    await until('the primary to notice', () => !children(h.idp).includes(victim));
    const ok = await request(new Agent({ keepAlive: false }), new URL('/healthz', h.idp.url));
    assert.equal(ok.status, 200);
    await until('a replacement process', () => {
      const now = children(h.idp);
      return now.length === 2 && !now.includes(victim);
    });
  });

  it('SIGHUP replaces every process one at a time with no failed request', async () => {
    const before = children(h.idp);
    const failures: string[] = [];
    let logins = 0;
    let probes = 0;
    let running = true;
    const loops = [
      ...Array.from({ length: 2 }, async () => {
        while (running) {
          await passwordLogin(target, { login: STUDENT.username, password: STUDENT.password }).then(
            () => logins++,
            (e: Error) => failures.push(`login: ${e.message.slice(0, 160)}`),
          );
        }
      }),
      (async () => {
        // A fresh connection per request: what a client with no pooled socket sees mid-restart.
        const fresh = new Agent({ keepAlive: false });
        while (running) {
          await request(fresh, new URL('/.well-known/openid-configuration', h.idp.url)).then(
            (r) => (r.status === 200 ? probes++ : failures.push(`discovery: HTTP ${r.status}`)),
            (e: Error) => failures.push(`discovery: ${e.message.slice(0, 160)}`),
          );
        }
      })(),
    ];
    await sleep(500);
    const doneBefore = (h.idp.output().match(/rolling restart done/g) ?? []).length;
    h.idp.child.kill('SIGHUP');
    await until(
      'the rolling restart',
      () => (h.idp.output().match(/rolling restart done/g) ?? []).length > doneBefore,
      120_000,
    );
    await sleep(500);
    running = false;
    await Promise.all(loops);
    const afterRoll = children(h.idp);
    assert.deepEqual(
      failures.slice(0, 5),
      [],
      `${failures.length} failed requests: ${failures.slice(0, 5).join(' | ')}`,
    );
    assert.ok(logins > 0 && probes > 0, `traffic ran (${logins} logins, ${probes} probes)`);
    assert.equal(afterRoll.length, 2);
    assert.ok(
      afterRoll.every((pid) => !before.includes(pid)),
      `new pids ${afterRoll} vs ${before}`,
    );
  });

  it('a login begun on one instance finishes on another (no state in process memory)', async () => {
    const second = await startApp('idp', {
      ...h.env,
      IDP_PORT: String(await freePort()),
      IDP_WORKERS: '1',
    });
    try {
      const agent = roundRobinAgent([h.idp.port, second.port]);
      for (let i = 0; i < 3; i++) {
        const tokens = await passwordLogin(
          { ...target, agent },
          { login: STUDENT.username, password: STUDENT.password },
        );
        assert.ok(tokens.id_token && tokens.access_token);
      }
    } finally {
      assert.equal(await second.stop(), 0);
    }
  });

  it('killing one instance mid-load loses only its in-flight logins; every token it issued still works', async () => {
    const second = await startApp('idp', { ...h.env, IDP_PORT: String(await freePort()), IDP_WORKERS: '1' });
    const agent = roundRobinAgent([h.idp.port, second.port]);
    const issued: string[] = [];
    let lost = 0;
    let running = true;
    const loops = Array.from({ length: 2 }, async () => {
      while (running) {
        await passwordLogin(
          { ...target, agent },
          { login: STUDENT.username, password: STUDENT.password },
        ).then(
          (t) => issued.push(t.access_token),
          () => lost++,
        );
      }
    });
    await until('logins through both instances', () => issued.length >= 6, 90_000);
    // No new logins from here (a load balancer's health check would take the dead one out); the
    // two in flight meet the kill.
    running = false;
    await second.stop('SIGKILL');
    await Promise.all(loops);
    assert.ok(lost <= 2, `${lost} logins lost: no more than the two in flight`);

    const discovery = JSON.parse(
      (await request(target.agent, new URL('/.well-known/openid-configuration', h.idp.url))).body,
    ) as { userinfo_endpoint: string };
    const survivors = await Promise.all(
      issued.map((token) =>
        request(target.agent, new URL(discovery.userinfo_endpoint), {
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        }).then((r) => r.status),
      ),
    );
    assert.deepEqual(
      survivors.filter((status) => status !== 200),
      [],
      `${issued.length} tokens issued by either instance answer UserInfo on the survivor`,
    );
  });

  it('SIGTERM drains every process and the primary exits 0', async () => {
    const pids = children(h.idp);
    assert.equal(await h.idp.stop('SIGTERM'), 0);
    for (const pid of pids) assert.throws(() => process.kill(pid, 0), /ESRCH/);
  });
});
