import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { OidcService } from '#oidc';
import { requestId } from '#platform';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Protocol traffic (token, userinfo, JWKS, …) goes straight from Node's HTTP server to
 * oidc-provider; Express and Nest only see pages and resource APIs. The engine brings its own
 * routing and body parsing, so the Express stack would only add cost to the hottest requests
 * (measured: about a fifth of a client_credentials grant).
 *
 * Paths of the existing education cloud service that RPs still call are mapped onto the
 * engine's routes here too.
 */
export function protocolFrontDoor(oidc: OidcService, logger: Logger, opts: { production: boolean }) {
  const logRequests = logger.isLevelEnabled('info');
  return (req: IncomingMessage, res: ServerResponse, rest: Handler): void => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? '' : url.slice(q + 1);
    if (path === '/moeresource/api/v1/oidc/userinfo') {
      req.url = `/oidc/v1/userinfo${query ? `?${query}` : ''}`;
    } else if (path === '/oidc/v1/userlogout' || path === '/auth-logout') {
      const params = new URLSearchParams(query);
      // The legacy parameter name; the standard one wins when both are present.
      const legacy = params.get('post_logout_redirect_url');
      if (legacy && !params.has('post_logout_redirect_uri')) params.set('post_logout_redirect_uri', legacy);
      params.delete('post_logout_redirect_url');
      const qs = params.toString();
      req.url = `/oidc/v1/logout-to-go${qs ? `?${qs}` : ''}`;
    } else if (!OidcService.isProtocolPath(path)) {
      return rest(req, res);
    }

    const id = requestId(req, res);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    if (opts.production) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (logRequests) {
      const start = process.hrtime.bigint();
      res.once('finish', () =>
        logger.info(
          {
            req: { id, method: req.method, path },
            res: { statusCode: res.statusCode },
            responseTime: Number(process.hrtime.bigint() - start) / 1e6,
          },
          'request completed',
        ),
      );
    }
    oidc.handle(req, res);
  };
}
