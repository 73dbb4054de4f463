import { DomainError } from '#identity-core';
import type { NotificationLocale, TemplateName } from '../notification.types.js';
import { en } from './en.catalogue.js';
import type { Catalogue, MessageTemplate } from './message-template.js';
import { zhTW } from './zh-tw.catalogue.js';

const CATALOGUES: Record<NotificationLocale, Catalogue> = { 'zh-TW': zhTW, en };
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** A request that no template can render: a programming error in the producer, never retried. */
export class TemplateRenderFailed extends DomainError {
  constructor(
    code: 'template_unknown' | 'template_variable_missing' | 'template_link_invalid',
    /** The template or variable name; never a value. */
    readonly what: string,
  ) {
    super(code, `${code}: ${what}`);
  }
}

export function templateNames(): TemplateName[] {
  return Object.keys(zhTW.templates) as TemplateName[];
}

/** The `data` keys a template needs, in any language and on either channel. */
export function requiredVariables(name: TemplateName): string[] {
  const found = new Set<string>();
  for (const catalogue of Object.values(CATALOGUES)) {
    const t = catalogue.templates[name];
    if (!t) throw new TemplateRenderFailed('template_unknown', name);
    for (const s of [t.subject, ...t.body, t.sms]) for (const m of s.matchAll(PLACEHOLDER)) found.add(m[1]);
  }
  return [...found].sort();
}

export function renderEmail(
  name: TemplateName,
  locale: NotificationLocale,
  data: Record<string, string>,
): RenderedEmail {
  const { chrome } = CATALOGUES[locale];
  const t = template(name, locale);
  const subject = fill(t.subject, data, 'text');
  const text = [
    ...t.body.map((p) => fill(p, data, 'text')),
    '-- ',
    chrome.fraudNotice,
    chrome.automated,
  ].join('\n\n');
  const html = `<!doctype html>
<html lang="${chrome.lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;font-family:'Noto Sans TC','Microsoft JhengHei',Arial,sans-serif;font-size:16px;line-height:1.6;color:#1a1a1a;background:#ffffff">
${t.body.map((p) => `<p style="margin:0 0 16px">${fill(p, data, 'html')}</p>`).join('\n')}
<hr style="border:none;border-top:1px solid #cccccc;margin:24px 0 12px">
<p style="margin:0 0 8px;font-size:14px;color:#333333"><strong>${escapeHtml(chrome.fraudNotice)}</strong></p>
<p style="margin:0;font-size:13px;color:#555555">${escapeHtml(chrome.automated)}</p>
</body>
</html>
`;
  return { subject, text, html };
}

export function renderSms(
  name: TemplateName,
  locale: NotificationLocale,
  data: Record<string, string>,
): string {
  return fill(template(name, locale).sms, data, 'text');
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function template(name: TemplateName, locale: NotificationLocale): MessageTemplate {
  const t = CATALOGUES[locale]?.templates[name];
  if (!t) throw new TemplateRenderFailed('template_unknown', `${name} (${locale})`);
  return t;
}

/** Substitutes placeholders; in HTML mode escapes fixed text and values alike. */
function fill(tpl: string, data: Record<string, string>, mode: 'text' | 'html'): string {
  let out = '';
  let last = 0;
  for (const m of tpl.matchAll(PLACEHOLDER)) {
    const fixed = tpl.slice(last, m.index);
    out += mode === 'html' ? escapeHtml(fixed) : fixed;
    out += value(m[1], data, mode);
    last = m.index + m[0].length;
  }
  const rest = tpl.slice(last);
  return out + (mode === 'html' ? escapeHtml(rest) : rest);
}

function value(key: string, data: Record<string, string>, mode: 'text' | 'html'): string {
  const raw = Object.hasOwn(data, key) ? data[key] : undefined;
  if (typeof raw !== 'string' || raw.trim() === '')
    throw new TemplateRenderFailed('template_variable_missing', key);
  // Values are single-line: no header or SMS line injection, no control characters.
  const v = raw.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (key === 'link') {
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      throw new TemplateRenderFailed('template_link_invalid', key);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new TemplateRenderFailed('template_link_invalid', key);
    if (mode === 'html') return `<a href="${escapeHtml(v)}" style="color:#0b57d0">${escapeHtml(v)}</a>`;
    return v;
  }
  if (mode === 'html' && key === 'code')
    return `<strong style="font-size:20px;letter-spacing:2px">${escapeHtml(v)}</strong>`;
  return mode === 'html' ? escapeHtml(v) : v;
}
