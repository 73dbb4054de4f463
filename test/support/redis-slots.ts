import { createRequire } from 'node:module';
import { exists, getKeyIndexes } from '@ioredis/commands';
import { Redis } from 'ioredis';

// ioredis's own slot function (CRC16 of the key, or of its first non-empty {hash tag}).
const keySlot = createRequire(import.meta.url)('cluster-key-slot') as (key: string) => number;

/** The Redis Cluster slot of a key. */
export function clusterSlot(key: string): number {
  return keySlot(key);
}

/** What Redis runs as one unit: a command, a script call (its declared keys), or a MULTI … EXEC. */
export interface AtomicOperation {
  /** The client that sent it (`host:port`). */
  client: string;
  commands: string[][];
  keys: string[];
}

/**
 * Records, through MONITOR, every atomic operation any client (processes under test included)
 * sends to a Redis, keeping those that touch a key `mine` accepts. Redis Cluster refuses an
 * operation whose keys are in more than one slot (CROSSSLOT): `crossSlot()` lists them.
 */
export class RedisOperationRecorder {
  readonly operations: AtomicOperation[] = [];
  private readonly open = new Map<string, string[][]>();

  private constructor(
    private readonly base: Redis,
    private readonly monitor: Redis,
    private readonly mine: (key: string) => boolean,
  ) {
    monitor.on('monitor', (_time: string, args: string[], source: string) => this.seen(source, args));
  }

  static async start(url: string, mine: (key: string) => boolean): Promise<RedisOperationRecorder> {
    // monitor() opens a connection of its own beside the one it is called on.
    const base = new Redis(url);
    return new RedisOperationRecorder(base, await base.monitor(), mine);
  }

  /** Operations whose keys are in more than one cluster slot. */
  crossSlot(): AtomicOperation[] {
    return this.operations.filter((o) => new Set(o.keys.map(clusterSlot)).size > 1);
  }

  /** Waits until MONITOR has relayed what was sent before this call. */
  async settle(probe: Redis): Promise<void> {
    const marker = `slot-recorder-settle-${Math.random().toString(36).slice(2)}`;
    const seen = new Promise<void>((resolve) => {
      const on = (_t: string, args: string[]) => {
        if (args[1] === marker) {
          this.monitor.off('monitor', on);
          resolve();
        }
      };
      this.monitor.on('monitor', on);
    });
    await probe.echo(marker);
    await seen;
  }

  stop(): void {
    this.monitor.disconnect();
    this.base.disconnect();
  }

  private seen(source: string, args: string[]): void {
    // Commands a script runs show up from "lua": the script call itself is checked by its keys.
    if (source === 'lua' || !args.length) return;
    const command = args[0]!.toLowerCase();
    const group = this.open.get(source);
    if (command === 'multi') {
      this.open.set(source, []);
      return;
    }
    if (command === 'exec' || command === 'discard') {
      this.open.delete(source);
      if (group && command === 'exec') this.add(source, group);
      return;
    }
    if (group) group.push(args);
    else this.add(source, [args]);
  }

  private add(client: string, commands: string[][]): void {
    const keys = commands.flatMap(keysOf);
    if (keys.some(this.mine)) this.operations.push({ client, commands, keys });
  }
}

function keysOf(args: string[]): string[] {
  const command = args[0]!.toLowerCase();
  if (!exists(command)) return [];
  const rest = args.slice(1);
  try {
    return getKeyIndexes(command, rest).map((i) => rest[i]!);
  } catch {
    return [];
  }
}
