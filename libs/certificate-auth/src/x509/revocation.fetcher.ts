/**
 * The port to the CAs' revocation services (OCSP responders, CRL distribution points). The
 * production adapter is plain HTTP with a timeout (HttpRevocationFetcher); tests and the stand-ins
 * use the same adapter against the stand-in PKI's responder.
 */
export abstract class RevocationFetcher {
  /** POST an OCSP request (application/ocsp-request); the DER response, or throws. */
  abstract ocsp(url: string, request: Buffer): Promise<Buffer>;
  /** GET a DER CRL; throws when unreachable. */
  abstract crl(url: string): Promise<Buffer>;
}

/** A response that is not 200 or that took too long (counted as unreachable, never as revoked). */
export class RevocationUnreachable extends Error {}

export class HttpRevocationFetcher extends RevocationFetcher {
  constructor(private readonly timeoutMs: number) {
    super();
  }

  ocsp(url: string, request: Buffer): Promise<Buffer> {
    return this.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      body: request,
    });
  }

  crl(url: string): Promise<Buffer> {
    return this.fetch(url, { method: 'GET' });
  }

  private async fetch(url: string, init: RequestInit): Promise<Buffer> {
    if (!/^https?:\/\//i.test(url)) throw new RevocationUnreachable(`not an http(s) URL: ${url}`);
    try {
      const res = await fetch(url, {
        ...init,
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!res.ok) throw new RevocationUnreachable(`${url}: HTTP ${res.status}`);
      const body = Buffer.from(await res.arrayBuffer());
      if (body.length > 20 * 1024 * 1024) throw new RevocationUnreachable(`${url}: response too large`);
      return body;
    } catch (e) {
      throw e instanceof RevocationUnreachable
        ? e
        : new RevocationUnreachable(`${url}: ${(e as Error).message}`);
    }
  }
}
