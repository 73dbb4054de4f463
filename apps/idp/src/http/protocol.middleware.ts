import type { NextFunction, Request, Response } from 'express';
import { OidcService } from '#oidc';

/**
 * Paths of the existing education cloud service that RPs still call, mapped onto the engine's
 * routes. Everything under /oidc/v1/ and /.well-known/ goes to oidc-provider untouched.
 */
export function protocolMiddleware(oidc: OidcService) {
  return (req: Request, res: Response, next: NextFunction) => {
    const [path, query = ''] = req.url.split(/\?(.*)/s, 2);
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
      return next();
    }
    oidc.handle(req, res);
  };
}
