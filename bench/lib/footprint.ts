import type { Redis } from 'ioredis';
import type { Connection } from 'mysql2/promise';
import type { StepRecorder } from './load.js';
import { backendCounters, type BackendCounters } from './machine.js';

export type StepFootprint = Omit<BackendCounters, 'questions'>;

const KEYS: (keyof StepFootprint)[] = ['select', 'insert', 'update', 'delete', 'redisCommands'];

/**
 * What one operation costs MariaDB and Redis, step by step: the operation runs alone (no load),
 * `reps` times, with the server-wide counters read between its steps. The minimum over the
 * repetitions is kept, which removes traffic from anything else sharing those servers.
 */
export async function footprint(
  db: Connection,
  redis: Redis,
  reps: number,
  op: (step: StepRecorder) => Promise<void>,
): Promise<Record<string, StepFootprint>> {
  const best = new Map<string, StepFootprint>();
  for (let r = 0; r < reps; r++) {
    let last = await backendCounters(db, redis);
    await op(async (name) => {
      const now = await backendCounters(db, redis);
      const d = {} as StepFootprint;
      for (const k of KEYS) d[k] = now[k] - last[k] - (k === 'redisCommands' ? 1 : 0); // our INFO
      const prev = best.get(name);
      best.set(
        name,
        prev ? (Object.fromEntries(KEYS.map((k) => [k, Math.min(prev[k], d[k])])) as StepFootprint) : d,
      );
      last = now;
    });
  }
  return Object.fromEntries(best);
}
