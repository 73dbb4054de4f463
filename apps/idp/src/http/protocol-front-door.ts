import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { OidcService } from '#oidc';
import { requestId } from '#platform';
import { legacyLogoutParams, redirectFormPost } from './protocol-post.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Protocol traffic (token, userinfo, JWKS, …) goes straight from Node's HTTP server to
 * oidc-provider; Express and Nest only see pages and resource APIs. The engine brings its own
 * routing and body parsing, so the Express stack would only add cost to the hottest requests
 * (measured: about a fifth of a client_credentials grant).
 *
 * Paths of the existing education cloud service that RPs still call are mapped onto the
 * engine's routes here too, and form POSTs to the authorization and logout endpoints are turned
 * into GETs (see protocol-post.ts).
 */
export function protocolFrontDoor(oidc: OidcService, logger: Logger, opts: { production: boolean }) {
  const logRequests = logger.isLevelEnabled('info');
  const { authorization, end_session } = oidc.routes;
  return (req: IncomingMessage, res: ServerResponse, rest: Handler): void => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? '' : url.slice(q + 1);
    const post = req.method === 'POST';
    let formPost: { target: string; legacyLogout: boolean } | undefined;
    if (path === '/moeresource/api/v1/oidc/userinfo') {
      req.url = `/oidc/v1/userinfo${query ? `?${query}` : ''}`;
    } else if (path === '/oidc/v1/userlogout' || path === '/auth-logout') {
      if (post) formPost = { target: end_session, legacyLogout: true };
      const qs = legacyLogoutParams(new URLSearchParams(query)).toString();
      req.url = `${end_session}${qs ? `?${qs}` : ''}`;
    } else if (post && (path === authorization || path === end_session)) {
      formPost = { target: path, legacyLogout: false };
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
      // The path only: query strings carry codes, tokens and login hints.
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
    if (formPost)
      return void redirectFormPost(
        req,
        res,
        formPost.target,
        formPost.legacyLogout ? legacyLogoutParams : undefined,
      );
    oidc.handle(req, res);
  };
}
