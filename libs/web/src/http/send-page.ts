import type { Response } from 'express';
import { pageCsp, STRICT_PAGE, type Page } from '../pages/page-policy.js';

/**
 * Sends one of our HTML pages: its own CSP (`script-src 'none'` unless the page declares scripts,
 * see `pagePolicy`; forms may end their redirect chain at `formTargets`), never cached (pages carry
 * one-time values and nonces), `Retry-After` when throttled. Security headers other than the CSP
 * come from the app's bootstrap (helmet) for every response.
 */
export function sendPage(
  res: Response,
  status: number,
  page: string | Page,
  opts: { formTargets?: readonly (string | undefined)[]; retryAfterSeconds?: number } = {},
): void {
  const { html, policy, nonce } =
    typeof page === 'string' ? { html: page, policy: STRICT_PAGE, nonce: null } : page;
  res.status(status);
  res.setHeader('Content-Security-Policy', pageCsp(policy, { nonce, formTargets: opts.formTargets }));
  res.setHeader('Cache-Control', 'no-store');
  if (policy.popups) res.setHeader('Cross-Origin-Opener-Policy', 'same-origin-allow-popups');
  if (opts.retryAfterSeconds) res.setHeader('Retry-After', String(opts.retryAfterSeconds));
  res.type('html').send(html);
}
