import { PasswordPolicy, TooManyAttempts, ValidationFailed } from '#identity-core';
import { MAX_IDENTIFIER, ResetCodeUnusable, ResetCodeWrong, ResetFlowExpired } from '#password-reset';
import { type FormError, type Locale } from '#web';
import type { CaptchaService } from '../captcha/captcha.service.js';
import { t } from '../i18n/index.js';
import type { CaptchaSpec } from '../pages/captcha-field.js';

/** What the forgot-password and forgot-username controllers share: form reading, responses, messages. */

/** Only the login page of an interaction: never an open redirect. */
const RETURN_TO = /^\/interaction\/[A-Za-z0-9_-]{1,64}$/;

export function returnTo(v: unknown): string | undefined {
  return typeof v === 'string' && RETURN_TO.test(v) ? v : undefined;
}

/** `path?ui_locales=…[&return=…]`: forms post with the page's language, so the answer keeps it. */
export function localized(path: string, locale: Locale, back?: string): string {
  const q = new URLSearchParams({ ui_locales: locale });
  if (back) q.set('return', back);
  return `${path}?${q}`;
}

export function minutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}

export function rateLimitedError(locale: Locale, retryAfterSeconds: number): FormError {
  return { message: t(locale, 'forgot.error.rateLimited', { minutes: minutes(retryAfterSeconds) }) };
}

/**
 * The posted captcha answer (the DTOs cut both fields to 64 characters before they reach the
 * store); true when captchas are off.
 */
export function captchaPassed(
  captcha: CaptchaService,
  form: { captcha_id: string; captcha: string },
): Promise<boolean> {
  return captcha.verify(form.captcha_id, form.captcha);
}

/** A fresh captcha for a form, or null when captchas are off. */
export async function issueCaptcha(
  captcha: CaptchaService,
  refreshHref: string,
): Promise<CaptchaSpec | null> {
  if (!captcha.enabled) return null;
  const { id } = await captcha.issue();
  return { id, imageUrl: `/captcha/${id}.png`, refreshHref };
}

/** Password policy problems in words. */
export function passwordMessages(locale: Locale, e: ValidationFailed, policy: PasswordPolicy): FormError[] {
  return e.problems.map((p) => ({
    field: 'password',
    message:
      p.code === 'too_short'
        ? t(locale, 'reset.error.tooShort', { min: policy.minLength })
        : p.code === 'too_long'
          ? t(locale, 'reset.error.tooLong', { max: policy.maxLength })
          : p.code === 'common'
            ? t(locale, 'reset.error.common')
            : t(locale, 'reset.error.context'),
  }));
}

export function identifierMessage(locale: Locale, code: string): string {
  switch (code) {
    case 'required':
      return t(locale, 'forgot.error.identifierRequired');
    case 'too_long':
      return t(locale, 'forgot.error.identifierTooLong', { max: MAX_IDENTIFIER });
    case 'national_id_invalid':
      return t(locale, 'forgot.error.nationalIdInvalid');
    default:
      return t(locale, 'forgot.error.identifierFormat');
  }
}

/** A domain error of the code step → what the code page (or, to start over, the first page) says. */
export function codeProblem(
  locale: Locale,
  e: unknown,
):
  | { restart: true; message: string }
  | { restart?: false; status: number; field?: string; message: string; retryAfterSeconds?: number }
  | null {
  if (e instanceof ResetFlowExpired) return { restart: true, message: t(locale, 'forgot.error.expired') };
  if (e instanceof ValidationFailed) {
    const code = e.problems[0]?.code;
    return {
      status: 400,
      field: 'code',
      message: t(locale, code === 'required' ? 'forgot.error.codeRequired' : 'forgot.error.codeFormat'),
    };
  }
  if (e instanceof ResetCodeWrong)
    return {
      status: 400,
      field: 'code',
      message:
        e.remainingAttempts > 0
          ? t(locale, 'forgot.error.codeWrong', { remaining: e.remainingAttempts })
          : t(locale, 'forgot.error.codeWrongLast'),
    };
  if (e instanceof ResetCodeUnusable)
    return {
      status: 400,
      message: t(locale, e.problem === 'expired' ? 'forgot.error.codeExpired' : 'forgot.error.codeExhausted'),
    };
  if (e instanceof TooManyAttempts)
    return e.retryAfterSeconds === null
      ? { status: 429, message: t(locale, 'forgot.error.codeLocked') }
      : {
          status: 429,
          message: t(locale, 'forgot.error.codeThrottled', { minutes: minutes(e.retryAfterSeconds) }),
          retryAfterSeconds: e.retryAfterSeconds,
        };
  return null;
}
