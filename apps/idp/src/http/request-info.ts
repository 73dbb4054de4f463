import type { Request } from 'express';

/** Who is asking, as the login methods and audit events record it. */
export function authContext(req: Request) {
  return { ip: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 512) ?? null };
}
