import { performance } from 'node:perf_hooks';

export interface LoadSettings {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** Hard cap on operations started (warm-up included), so no loop can run away. */
  maxOps: number;
}

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export interface LoadResult {
  /** Successful operations completed inside the measured window. */
  ok: number;
  errors: number;
  errorSamples: string[];
  windowSeconds: number;
  perSecond: number;
  latencyMs: Latency;
  /** Mean, p50 and p95 of named sub-steps (ms), when the operation reports them. */
  stepsMs?: Record<string, { mean: number; p50: number; p95?: number }>;
  capped: boolean;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(samples: number[]): Latency {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN;
  return {
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    mean,
    max: s.length ? s[s.length - 1] : NaN,
  };
}

/** Reports sub-step durations (ms) of one operation; the operation awaits it between steps. */
export type StepRecorder = (step: string, ms: number) => void | Promise<void>;

export interface WindowHooks {
  /** Called when the measured window opens and when it closes (for CPU and counter samples). */
  onWindowStart?: () => Promise<void> | void;
  onWindowEnd?: () => Promise<void> | void;
}

/**
 * Closed-loop load: `concurrency` workers each run `op` back to back. Warm-up first, then a
 * measured window; an operation counts when it completes inside the window. No new operation
 * starts after the window closes; those still in flight are awaited but not counted.
 */
export async function runLoad(
  settings: LoadSettings,
  op: (worker: number, step: StepRecorder) => Promise<void>,
  hooks: WindowHooks = {},
): Promise<LoadResult> {
  const start = performance.now();
  const windowStart = start + settings.warmupMs;
  const windowEnd = windowStart + settings.durationMs;
  const latencies: number[] = [];
  const steps = new Map<string, number[]>();
  const errorSamples: string[] = [];
  let errors = 0;
  let started = 0;
  let capped = false;

  let opened = false;
  let openedAt = windowStart;
  const openWindow = async () => {
    if (opened) return;
    opened = true;
    openedAt = performance.now();
    await hooks.onWindowStart?.();
  };
  const timer = setTimeout(() => void openWindow(), Math.max(0, windowStart - performance.now()));

  const worker = async (w: number) => {
    while (performance.now() < windowEnd) {
      if (started >= settings.maxOps) {
        capped = true;
        return;
      }
      started++;
      const t0 = performance.now();
      const mySteps: [string, number][] = [];
      let failed: unknown = null;
      try {
        await op(w, (name, ms) => {
          mySteps.push([name, ms]);
        });
      } catch (e) {
        failed = e;
      }
      const t1 = performance.now();
      if (t1 < openedAt || t1 > windowEnd) continue; // warm-up, or finished after the window closed
      if (failed) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(String((failed as Error).message ?? failed));
        continue;
      }
      latencies.push(t1 - t0);
      for (const [name, ms] of mySteps) {
        let arr = steps.get(name);
        if (!arr) steps.set(name, (arr = []));
        arr.push(ms);
      }
    }
  };

  // The hook runs at the window edges; its small cost falls inside the window on purpose (conservative).
  const closeTimer = new Promise<void>((resolve) =>
    setTimeout(
      () => {
        void Promise.resolve(hooks.onWindowEnd?.()).then(() => resolve());
      },
      Math.max(0, windowEnd - performance.now()),
    ),
  );
  await Promise.all(Array.from({ length: settings.concurrency }, (_, i) => worker(i)));
  clearTimeout(timer);
  await openWindow(); // in case every worker stopped before the window opened (cap)
  await closeTimer;

  const windowSeconds = (windowEnd - openedAt) / 1000;
  const stepsMs = steps.size
    ? Object.fromEntries(
        [...steps].map(([name, arr]) => {
          const l = summarize(arr);
          return [name, { mean: l.mean, p50: l.p50, p95: l.p95 }];
        }),
      )
    : undefined;
  return {
    ok: latencies.length,
    errors,
    errorSamples,
    windowSeconds,
    perSecond: latencies.length / windowSeconds,
    latencyMs: summarize(latencies),
    stepsMs,
    capped,
  };
}
