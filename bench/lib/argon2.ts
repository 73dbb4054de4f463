import { hash, type Algorithm } from '@node-rs/argon2';
import { performance } from 'node:perf_hooks';

// `Algorithm` is an ambient const enum whose runtime object is empty, so use the value (as the idp does).
const ARGON2ID = 2 as Algorithm;

/** The idp's production parameters (OWASP baseline), as PasswordHasher uses them. */
export const ARGON2_PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export interface Argon2Result {
  /** How the machine's cores were used meanwhile (filled in by the caller). */
  cpu?: import('./machine.js').CpuShare;
  threads: number;
  hashes: number;
  seconds: number;
  perSecond: number;
  meanMs: number;
}

/**
 * argon2id hashes per second with `threads` hashes in flight at once (libuv's threadpool runs
 * each on its own thread). threads = 1 measures one core. Bounded by time and by count.
 */
export async function argon2Rate(
  threads: number,
  seconds: number,
  hooks: { onStart?: () => void; onEnd?: () => void } = {},
  warmupSeconds = 0.5,
): Promise<Argon2Result> {
  const opts = { ...ARGON2_PARAMS, algorithm: ARGON2ID };
  const maxHashes = 20_000;
  const warmEnd = performance.now() + warmupSeconds * 1000;
  while (performance.now() < warmEnd) await hash('warm-up password', opts);
  hooks.onStart?.();
  const start = performance.now();
  const end = start + seconds * 1000;
  let hashes = 0;
  let busyMs = 0;
  let started = 0;
  const lane = async (i: number) => {
    while (performance.now() < end && started < maxHashes) {
      started++;
      const t0 = performance.now();
      await hash(`bench password ${i} ${started}`, opts);
      busyMs += performance.now() - t0;
      hashes++;
    }
  };
  await Promise.all(Array.from({ length: threads }, (_, i) => lane(i)));
  hooks.onEnd?.();
  const elapsed = (performance.now() - start) / 1000;
  return { threads, hashes, seconds: elapsed, perSecond: hashes / elapsed, meanMs: busyMs / hashes };
}
