// HEALTHCHECK of the edu-sso image: GET /healthz on the port of the app this container runs.
// The worker has no HTTP listener, so for it the check is only that the container's process is up.
const port = { idp: process.env.IDP_PORT || 3000, admin: process.env.ADMIN_PORT || 3001 }[process.env.APP];
if (!port) process.exit(0);
try {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
