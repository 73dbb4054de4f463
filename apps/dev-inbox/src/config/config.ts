/** The only place this app reads the environment. A development tool: never started in production. */
function port(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    process.stderr.write(`${name}: must be a port number\n`);
    process.exit(1);
  }
  return n;
}

export const config = {
  /** The inbox page, and the SMS gateway stand-in the worker posts to. */
  httpPort: port('DEV_INBOX_PORT', 3003),
  /** Where the apps' SMTP_URL points in development (smtp://127.0.0.1:1025 by default). */
  smtpPort: port('DEV_INBOX_SMTP_PORT', 1025),
};
