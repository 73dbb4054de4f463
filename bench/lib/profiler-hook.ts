/**
 * Preloaded into the idp only when BENCH_PROFILE=1 (`NODE_OPTIONS=--import=…/profiler-hook.js`).
 * SIGUSR2 toggles V8's CPU profiler: the first signal starts it, the next writes
 * `$BENCH_PROFILE_DIR/profile-<n>.cpuprofile` (open it in Chrome DevTools), and so on.
 * `--cpu-prof` cannot be used: Nest ends the process by re-raising SIGTERM, so it never writes.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  const post = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))),
    );
  let running = false;
  let n = 0;
  let busy = Promise.resolve();
  process.on('SIGUSR2', () => {
    busy = busy.then(async () => {
      if (!running) {
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: 500 });
        await post('Profiler.start');
        running = true;
        return;
      }
      const { profile } = (await post('Profiler.stop')) as { profile: object };
      running = false;
      writeFileSync(`${dir}/profile-${++n}.cpuprofile`, JSON.stringify(profile));
    });
  });
}
