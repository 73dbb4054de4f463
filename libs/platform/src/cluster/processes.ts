import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';

export interface ProcessesOptions {
  /** App name for the log lines. */
  name: string;
  /** How many processes run `start`; 1 runs it in this process, as without a supervisor. */
  count: number;
  /** What each process runs; resolves once it serves (listening, or consuming its queues). */
  start: () => Promise<void>;
  /** How long a new process may take to be ready, and an old one to drain, before it is killed. */
  readyTimeoutMs?: number;
  drainTimeoutMs?: number;
}

const READY = 'edusso:ready';

function log(name: string, level: number, msg: string): void {
  process.stdout.write(JSON.stringify({ level, app: name, pid: process.pid, msg }) + '\n');
}

/**
 * Runs `count` copies of an app under Node's cluster: the primary holds the listening socket and
 * hands connections to the processes in turn, so one port uses every core.
 * - a process that dies is replaced (after a short pause that grows while it keeps dying);
 * - SIGTERM / SIGINT: every process drains (the apps' own shutdown hooks), then the primary exits 0;
 * - SIGHUP: processes are replaced one at a time, a new one ready before the old one drains, so a
 *   rolling restart (new code, new config) never leaves the port without a server.
 * A process that fails before any was ever ready (bad config, port taken) ends the primary with its
 * exit code, as a single process would.
 */
export async function runProcesses(o: ProcessesOptions): Promise<void> {
  if (cluster.isWorker) {
    await o.start();
    process.send?.(READY);
    return;
  }
  if (o.count <= 1) return o.start();
  await new Supervisor(o).run();
}

class Supervisor {
  private readonly live = new Set<Worker>();
  /** Processes told to stop (shutdown or replaced): their exit is expected. */
  private readonly retiring = new WeakSet<Worker>();
  private everReady = false;
  private stopping = false;
  private rolling = false;
  private crashes = 0;

  constructor(private readonly o: ProcessesOptions) {}

  async run(): Promise<void> {
    process.on('SIGTERM', () => void this.stop('SIGTERM'));
    process.on('SIGINT', () => void this.stop('SIGINT'));
    process.on('SIGHUP', () => void this.roll());
    log(this.o.name, 30, `starting ${this.o.count} processes`);
    const first = Array.from({ length: this.o.count }, () => this.fork());
    await Promise.all(first.map((w) => this.ready(w).catch(() => undefined)));
  }

  private fork(): Worker {
    const w = cluster.fork();
    this.live.add(w);
    w.on('message', (m) => {
      if (m !== READY) return;
      this.everReady = true;
      this.crashes = 0;
    });
    w.on('exit', (code, signal) => this.exited(w, code, signal));
    return w;
  }

  private exited(w: Worker, code: number | null, signal: string | null): void {
    this.live.delete(w);
    if (this.stopping) {
      if (this.live.size === 0) process.exit(0);
      return;
    }
    if (this.retiring.has(w)) return;
    if (!this.everReady) {
      // The same failure would repeat in every copy: report it as one process would.
      log(this.o.name, 50, `process ${w.process.pid} failed to start (code ${code ?? signal})`);
      this.stopping = true;
      for (const other of this.live) other.process.kill('SIGTERM');
      process.exit(code || 1);
    }
    this.crashes++;
    const pause = Math.min(250 * 2 ** Math.min(this.crashes, 7), 30_000);
    log(this.o.name, 50, `process ${w.process.pid} exited (${code ?? signal}); replacing in ${pause} ms`);
    setTimeout(() => {
      if (!this.stopping) this.fork();
    }, pause).unref();
  }

  /** Resolves when `w` says it serves; rejects if it exits or takes too long. */
  private ready(w: Worker): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error('not ready in time')), this.o.readyTimeoutMs ?? 60_000);
      const onMessage = (m: unknown) => m === READY && done();
      const onExit = () => done(new Error('exited before it was ready'));
      const done = (e?: Error) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('exit', onExit);
        if (e) reject(e);
        else resolve();
      };
      w.on('message', onMessage);
      w.on('exit', onExit);
    });
  }

  /** Asks `w` to drain and waits for it to exit; kills it if it takes longer than the drain timeout. */
  private async retire(w: Worker): Promise<void> {
    this.retiring.add(w);
    const exit = once(w, 'exit');
    w.process.kill('SIGTERM');
    const timer = setTimeout(() => w.process.kill('SIGKILL'), this.o.drainTimeoutMs ?? 30_000);
    await exit;
    clearTimeout(timer);
  }

  private async roll(): Promise<void> {
    if (this.rolling || this.stopping) return;
    this.rolling = true;
    log(this.o.name, 30, 'SIGHUP: replacing processes one at a time');
    try {
      for (const old of [...this.live]) {
        if (this.stopping) return;
        const fresh = this.fork();
        try {
          await this.ready(fresh);
        } catch (e) {
          // Keep the old process serving; a replacement that cannot start is not worth the outage.
          log(this.o.name, 50, `replacement failed (${(e as Error).message}); restart stopped`);
          this.retiring.add(fresh);
          fresh.process.kill('SIGKILL');
          return;
        }
        await this.retire(old);
      }
      log(this.o.name, 30, 'rolling restart done');
    } finally {
      this.rolling = false;
    }
  }

  private async stop(signal: string): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    log(this.o.name, 30, `${signal}: draining ${this.live.size} processes`);
    if (this.live.size === 0) process.exit(0);
    await Promise.all([...this.live].map((w) => this.retire(w)));
    process.exit(0);
  }
}
