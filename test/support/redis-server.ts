import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './processes.js';

/**
 * A private redis-server for fault tests: the shared Redis serves other tests, so this one is
 * the Redis we may kill. Nothing is written to disk; a restart starts empty. `args` are more
 * redis-server options (`--replicaof`), or a Sentinel's (`--sentinel` with a config file).
 */
export class RedisServerProcess {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly args: string[] = [],
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(args: string[] = [], port?: number): Promise<RedisServerProcess> {
    const r = new RedisServerProcess(port ?? (await freePort()), args);
    await r.restart();
    return r;
  }

  async restart(): Promise<void> {
    // A Sentinel's config file must come first, and persistence options are not its to take.
    const sentinel = this.args[0]?.endsWith('.conf') ?? false;
    const file = sentinel ? [this.args[0]] : [];
    const rest = sentinel ? this.args.slice(1) : this.args;
    // A primary still writes an RDB file to feed a replica's full sync: keep it in a temporary
    // folder, never in the working directory.
    const persistence = sentinel
      ? []
      : ['--save', '', '--appendonly', 'no', '--dir', mkdtempSync(join(tmpdir(), 'edusso-redis-'))];
    const child = spawn(
      'redis-server',
      [
        ...file,
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        ...persistence,
        '--daemonize',
        'no',
        ...rest,
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (e) => reject(new Error(`redis-server did not start: ${e.message}`)));
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
    });
    failed.catch(() => undefined);
    const deadline = Date.now() + 10_000;
    while (!(await Promise.race([ping(this.port), failed]))) {
      if (Date.now() > deadline) throw new Error('redis-server did not answer PING within 10 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Kills it the hard way, as a crash would. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

/**
 * Redis high availability as Debian ships it: a primary, one replica and three Sentinels
 * (quorum 2) watching `name`, on loopback ports of their own, failing over one second after the
 * primary stops answering.
 */
export class RedisSentinelSet {
  private constructor(
    readonly name: string,
    readonly primary: RedisServerProcess,
    readonly replica: RedisServerProcess,
    readonly sentinels: RedisServerProcess[],
  ) {}

  /** `REDIS_SENTINELS` for the apps. */
  get sentinelList(): string {
    return this.sentinels.map((s) => `127.0.0.1:${s.port}`).join(',');
  }

  static async start(name = 'edusso'): Promise<RedisSentinelSet> {
    const primary = await RedisServerProcess.start();
    const replica = await RedisServerProcess.start(['--replicaof', '127.0.0.1', String(primary.port)]);
    const dir = mkdtempSync(join(tmpdir(), 'edusso-sentinel-'));
    const sentinels: RedisServerProcess[] = [];
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      // Sentinels rewrite their config file (known peers, current primary): one writable file each.
      const file = join(dir, `sentinel-${i}.conf`);
      writeFileSync(
        file,
        [
          `sentinel monitor ${name} 127.0.0.1 ${primary.port} 2`,
          `sentinel down-after-milliseconds ${name} 1000`,
          `sentinel failover-timeout ${name} 5000`,
          `sentinel parallel-syncs ${name} 1`,
          '',
        ].join('\n'),
      );
      sentinels.push(await RedisServerProcess.start([file, '--sentinel', '--dir', dir], port));
    }
    const set = new RedisSentinelSet(name, primary, replica, sentinels);
    await set.waitUntilWatching();
    return set;
  }

  /**
   * Sentinels learn of the replica from the primary's INFO (every 10 s) and of each other through
   * its hello channel: until each knows both, a dead primary would have no one to promote it.
   */
  private async waitUntilWatching(timeoutMs = 30_000): Promise<void> {
    const clients = this.sentinels.map(
      (s) => new Redis({ port: s.port, host: '127.0.0.1', lazyConnect: true }),
    );
    try {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const views = await Promise.all(
          clients.map(async (c) => {
            const replicas = (await c.call('SENTINEL', 'REPLICAS', this.name)) as unknown[];
            const peers = (await c.call('SENTINEL', 'SENTINELS', this.name)) as unknown[];
            return replicas.length >= 1 && peers.length >= 2;
          }),
        );
        if (views.every(Boolean)) return;
        if (Date.now() > deadline)
          throw new Error('Sentinels did not find the replica and each other in time');
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      for (const c of clients) c.disconnect();
    }
  }

  /** `host:port` of the primary as the first Sentinel sees it now. */
  async currentPrimary(): Promise<string> {
    const c = new Redis({ port: this.sentinels[0].port, host: '127.0.0.1' });
    try {
      const [host, port] = (await c.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', this.name)) as string[];
      return `${host}:${port} (replica ${this.replica.port}, old primary ${this.primary.port})`;
    } finally {
      c.disconnect();
    }
  }

  async stop(): Promise<void> {
    await Promise.all([this.primary, this.replica, ...this.sentinels].map((p) => p.kill()));
  }
}
