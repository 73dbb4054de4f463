import { ValidationFailed } from '#identity-core';
import type { NotificationRequest } from './notification.types.js';
import {
  renderEmail,
  renderSms,
  templateNames,
  TemplateRenderFailed,
} from './templates/template-renderer.js';

const EMAIL = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/;
/** Taiwanese mobile numbers as SMS gateways take them. */
export const TW_MOBILE = /^09\d{8}$/;
const KEY = /^[\x21-\x7e]{1,128}$/;

/**
 * Checks a request the way the worker will use it (address, template, every variable), so a bad
 * one fails in the producer's transaction instead of dead-lettering later.
 */
export function assertValidNotificationRequest(request: NotificationRequest): void {
  const problems: { field: string; code: string }[] = [];
  const r = request as Partial<NotificationRequest>;
  if (r.channel !== 'email' && r.channel !== 'sms') problems.push({ field: 'channel', code: 'invalid' });
  if (r.locale !== 'zh-TW' && r.locale !== 'en') problems.push({ field: 'locale', code: 'invalid' });
  if (typeof r.idempotencyKey !== 'string' || !KEY.test(r.idempotencyKey))
    problems.push({ field: 'idempotencyKey', code: 'invalid' });
  if (typeof r.to !== 'string') problems.push({ field: 'to', code: 'invalid' });
  else if (r.channel === 'email' && !(r.to.length <= 254 && EMAIL.test(r.to)))
    problems.push({ field: 'to', code: 'invalid_email' });
  else if (r.channel === 'sms' && !TW_MOBILE.test(r.to))
    problems.push({ field: 'to', code: 'invalid_mobile' });
  const dataOk =
    typeof r.data === 'object' &&
    r.data !== null &&
    Object.values(r.data).every((v) => typeof v === 'string');
  if (!dataOk) problems.push({ field: 'data', code: 'invalid' });
  if (!templateNames().includes(r.template as never)) problems.push({ field: 'template', code: 'unknown' });
  else if (dataOk && (r.locale === 'zh-TW' || r.locale === 'en')) {
    try {
      if (r.channel === 'sms') renderSms(r.template!, r.locale, r.data!);
      else renderEmail(r.template!, r.locale, r.data!);
    } catch (e) {
      if (!(e instanceof TemplateRenderFailed)) throw e;
      problems.push({ field: `data.${e.what}`, code: e.code });
    }
  }
  if (problems.length) throw new ValidationFailed(problems);
}
