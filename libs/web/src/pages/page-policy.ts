import { randomBytes } from 'node:crypto';
import { html, type SafeHtml } from '../html/html.js';

/** A script file a page runs: its URL under the app's /assets and the SRI hash of its content. */
export interface ScriptAsset {
  readonly src: string;
  readonly integrity: string;
}

/**
 * What a page may do beyond the strict default (no script at all, everything else from our own
 * origin). Declared once, next to the page's template, e.g. a certificate login that runs its own
 * script and talks to the local signing component:
 *
 *   const CERTIFICATE_LOGIN = pagePolicy({
 *     scripts: [idpAssets.script('certificate-login.js')],
 *     connect: ['http://localhost:61161'],
 *   });
 */
export interface PagePolicyDeclaration {
  /** Script files from the app's assets; each response gets a fresh nonce for them. */
  scripts?: readonly ScriptAsset[];
  /** `connect-src` sources besides 'self' (fetch/XHR/WebSocket targets). */
  connect?: readonly string[];
  /** `frame-src` sources besides 'self'. */
  frames?: readonly string[];
  /** `form-action` sources besides 'self' that hold for every response of the page. */
  formAction?: readonly string[];
  /** `img-src` sources besides 'self' and data: (a local component's status image read through a canvas). */
  images?: readonly string[];
  /**
   * The page's script opens a window of another origin and talks to it with postMessage (the
   * HiPKI component's /popupForm): the response says `Cross-Origin-Opener-Policy:
   * same-origin-allow-popups` instead of helmet's `same-origin`, which would cut the popup off.
   */
  popups?: boolean;
}

export interface PagePolicy {
  readonly scripts: readonly ScriptAsset[];
  readonly connect: readonly string[];
  readonly frames: readonly string[];
  readonly formAction: readonly string[];
  readonly images: readonly string[];
  readonly popups: boolean;
}

/**
 * A host or scheme source (`https:`, `http://localhost:61161`, `https://*.edu.tw`): no quotes
 * (no keywords such as 'unsafe-inline' can be slipped in), no separators, no white space.
 */
const SOURCE = /^[a-z][a-z0-9+.-]*:(?:\/\/[A-Za-z0-9*.-]+(?::(?:\d{1,5}|\*))?(?:\/[A-Za-z0-9._~\/-]*)?)?$/;

function sources(what: string, list: readonly string[] | undefined): readonly string[] {
  for (const s of list ?? [])
    if (!SOURCE.test(s)) throw new Error(`page policy: ${what} source ${JSON.stringify(s)} is not allowed`);
  return Object.freeze([...(list ?? [])]);
}

/** Checks and freezes a page's declaration; a malformed source stops the app when the page module loads. */
export function pagePolicy(declaration: PagePolicyDeclaration = {}): PagePolicy {
  return Object.freeze({
    scripts: Object.freeze([...(declaration.scripts ?? [])]),
    connect: sources('connect', declaration.connect),
    frames: sources('frame', declaration.frames),
    formAction: sources('form-action', declaration.formAction),
    images: sources('image', declaration.images),
    popups: declaration.popups === true,
  });
}

/** Every page that declares nothing: no script, nothing beyond our own origin. */
export const STRICT_PAGE: PagePolicy = pagePolicy();

/** The fixed part of every page's policy; `script-src` opens only for a page's declared scripts. */
function directives(scriptSrc: string, images: readonly string[] = []): string[] {
  return [
    "default-src 'self'",
    `img-src 'self' data:${images.map((s) => ` ${s}`).join('')}`,
    "style-src 'self'",
    `script-src ${scriptSrc}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ];
}

/**
 * The Content-Security-Policy of a page that declares nothing, without `form-action` (added per
 * response, see `pageCsp`). No inline script or style exists, so none is allowed.
 */
export const PAGE_CSP = directives("'none'").join('; ');

/**
 * The header for one response. `nonce` is the one this response's script tags carry (see
 * `renderPage`); `formTargets` are URLs where this response's forms may end their redirect chain
 * (Chromium checks `form-action` on every hop), allowed by origin.
 */
export function pageCsp(
  policy: PagePolicy = STRICT_PAGE,
  response: { nonce?: string | null; formTargets?: readonly (string | undefined)[] } = {},
): string {
  const scriptSrc = response.nonce && policy.scripts.length ? `'nonce-${response.nonce}'` : "'none'";
  const out = directives(scriptSrc, policy.images);
  if (policy.connect.length) out.push(`connect-src 'self' ${policy.connect.join(' ')}`);
  if (policy.frames.length) out.push(`frame-src 'self' ${policy.frames.join(' ')}`);
  const formAction = new Set(policy.formAction);
  for (const target of response.formTargets ?? []) {
    try {
      if (target) formAction.add(new URL(target).origin);
    } catch {
      // not a URL: nothing to allow
    }
  }
  out.push(`form-action 'self'${[...formAction].map((s) => ` ${s}`).join('')}`);
  return out.join('; ');
}

/** A rendered page with what its response must allow. */
export interface Page {
  readonly html: string;
  readonly policy: PagePolicy;
  /** The nonce of this response's script tags; null when the page runs no script. */
  readonly nonce: string | null;
}

/**
 * Renders a page under its policy: when it declares scripts, a fresh nonce for this response and
 * the script tags carrying it, for the layout's head (`layout({ ..., scripts })`).
 */
export function renderPage(policy: PagePolicy, render: (scripts: SafeHtml) => string): Page {
  const nonce = policy.scripts.length ? randomBytes(18).toString('base64') : null;
  const tags = html`${policy.scripts.map(
    (s) => html`<script src="${s.src}" integrity="${s.integrity}" nonce="${nonce}" defer></script>`,
  )}`;
  return { html: render(tags), policy, nonce };
}
