/** Where a request comes from: for rate limits and audit, never for a decision on its own. */
export interface AttemptContext {
  ip: string | null;
  userAgent: string | null;
}
