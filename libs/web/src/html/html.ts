/** Markup that is already safe: produced by `html` or explicitly trusted with `raw`. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Trusts `markup` as HTML. Only for constants or output of `html`; never for input. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template: every interpolation is escaped (text and attribute-safe, as long as attributes
 * are double-quoted) unless it is a `SafeHtml`. Arrays are joined; null, undefined and false vanish.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/**
 * A URL for href/src/action: relative, http(s), mailto: and tel: only, so a `javascript:` or
 * `data:` URL that slipped in from elsewhere becomes inert. Control characters are refused too,
 * because browsers drop tabs and newlines inside a scheme (`java\tscript:`). Escaping still
 * happens in `html`.
 */
export function safeUrl(url: string): string {
  if (/[\u0000-\u001f\u007f]/.test(url)) return '#';
  const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(url);
  return scheme && !/^(https?|mailto|tel)$/i.test(scheme[1]!) ? '#' : url;
}

/** As `safeUrl`, and also `data:image/…` (the CSP allows `img-src data:`, e.g. an inline captcha). */
export function safeImageUrl(url: string): string {
  return /^data:image\/(png|gif|jpeg|webp|svg\+xml)[;,]/i.test(url) && !/[\u0000-\u001f\u007f]/.test(url)
    ? url
    : safeUrl(url);
}
