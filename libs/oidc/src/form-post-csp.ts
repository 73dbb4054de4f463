import { createHash } from 'node:crypto';
import type { KoaContextWithOIDC } from 'oidc-provider';

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/** A CSP source for a URL: its origin (a custom scheme: that scheme), or nothing. */
function source(target: unknown): string | undefined {
  const url = typeof target === 'string' ? URL.parse(target) : null;
  if (!url) return undefined;
  if (url.origin !== 'null') return url.origin;
  return /^[a-z][a-z0-9+.-]*:$/i.test(url.protocol) ? url.protocol : undefined;
}

/**
 * Where the page's form posts, and the RP's redirect_uri: Chromium applies form-action to each
 * redirect after the post too, and the engine's logout confirmation redirects on to the RP.
 */
function formTargets(body: string, redirectUri: unknown): string {
  const action = /<form method="post" action="([^"]*)">/.exec(body)?.[1];
  const decoded = action?.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);
  const sources = new Set([source(decoded), source(redirectUri)].filter((s) => s !== undefined));
  return sources.size ? [...sources].join(' ') : "'none'";
}

/**
 * `response_mode=form_post` answers with the engine's own page: an auto-submitting form carrying
 * the code to the RP's redirect_uri (the engine uses the same page to end the previous session
 * when another account signs in, posting to its own logout confirmation). Every other page we
 * serve sets its own strict CSP; this one would have none. After the engine has rendered it, allow
 * exactly its inline script (by hash) and its form's targets, nothing else.
 */
export function formPostCsp() {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    const route = ctx.oidc?.route;
    if ((route !== 'authorization' && route !== 'resume') || ctx.status >= 300) return;
    // Error pages set their own policy; only the form_post page leaves here without one.
    if (
      ctx.response.get('Content-Security-Policy') ||
      typeof ctx.body !== 'string' ||
      !ctx.response.is('html')
    )
      return;
    // At resume, ending the previous session happens before the stored parameters are loaded.
    const interaction = ctx.oidc.entities.Interaction as { params?: { redirect_uri?: unknown } } | undefined;
    const redirectUri = ctx.oidc.params?.redirect_uri ?? interaction?.params?.redirect_uri;
    const hashes = [...ctx.body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
      (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`,
    );
    ctx.set(
      'Content-Security-Policy',
      [
        "default-src 'none'",
        `script-src ${hashes.join(' ') || "'none'"}`,
        "base-uri 'none'",
        "frame-ancestors 'none'",
        `form-action ${formTargets(ctx.body, redirectUri)}`,
      ].join('; '),
    );
  };
}
