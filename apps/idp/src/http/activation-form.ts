import type { Request } from 'express';
import { NAME_MAX, type CodeCheck, type ContactChannel } from '#activation';
import type { TooManyAttempts } from '#identity-core';
import type { FormDto } from './dto/form.pipe.js';
import { requestLocale, type FormError, type Locale } from '#web';
import { t } from '../i18n/index.js';

/**
 * The edge of the activation and application pages: reading form fields, turning the library's
 * problems into page messages, and links between the steps. Shared by both controllers.
 */

/** The activation flow's cookie (a random token; the state is server-side), path `/activate`. */
export const ACTIVATION_COOKIE = 'edu_activation';

/** Longest value read per field; longer input is answered with a message, not truncated. */
export const FIELD_MAX: Readonly<Record<string, number>> = {
  national_id: 32,
  birth_date: 32,
  activation_code: 64,
  username: 100,
  password: 1024,
  password_confirm: 1024,
  email: 254,
  phone: 32,
  name: NAME_MAX,
  email_code: 32,
  phone_code: 32,
};

const LABELS: Readonly<Record<string, Parameters<typeof t>[1]>> = {
  national_id: 'activation.form.nationalId',
  birth_date: 'activation.form.birthDate',
  activation_code: 'activation.code',
  username: 'activation.username',
  password: 'activation.password',
  password_confirm: 'activation.passwordConfirm',
  email: 'contact.email',
  phone: 'contact.phone',
  name: 'apply.name',
  email_code: 'contact.verifyTitle',
  phone_code: 'contact.verifyTitle',
};

/** Library field names → input ids. */
const INPUT_OF: Readonly<Record<string, string>> = {
  nationalId: 'national_id',
  birthDate: 'birth_date',
  code: 'activation_code',
  passwordConfirm: 'password_confirm',
  contact: 'email',
};

/**
 * A form's field values and its edge problems in words. The forms' DTOs (./dto) allow each field
 * FIELD_MAX characters; a longer value comes back empty with a "too long" error, so nothing
 * oversized reaches a use case and nothing is silently cut.
 */
export function readForm(
  locale: Locale,
  form: FormDto,
): { values: Record<string, string>; errors: FormError[] } {
  const errors = form.problems.map((p) => ({
    field: p.field,
    message: t(locale, 'activation.form.tooLong', { field: label(locale, p.field), max: p.max ?? 0 }),
  }));
  return { values: form.values(), errors };
}

function label(locale: Locale, field: string): string {
  const key = LABELS[field];
  return key ? t(locale, key) : field;
}

/** One library problem → the page message for its field. */
export function problemMessage(
  locale: Locale,
  problem: { field: string; code: string },
  values: Record<string, string>,
  passwordMinLength: number,
): FormError {
  const field = INPUT_OF[problem.field] ?? problem.field;
  const required = { field, message: t(locale, 'activation.form.required', { field: label(locale, field) }) };
  if (problem.field === 'contact') return { field, message: t(locale, 'contact.required') };
  // Whatever the library found wrong with an empty field (e.g. a date "format"), say it is missing.
  if (problem.code === 'empty' || values[field]?.trim() === '') return required;
  const key = (
    {
      'nationalId.format': 'activation.form.nationalIdFormat',
      'nationalId.checksum': 'activation.form.nationalIdChecksum',
      'birthDate.format': 'activation.form.birthDateFormat',
      'birthDate.invalid': 'activation.form.birthDateInvalid',
      'birthDate.out_of_range': 'activation.form.birthDateRange',
      'code.format': 'activation.codeFormat',
      'username.format': 'activation.usernameFormat',
      'username.reserved': 'activation.usernameReserved',
      'username.taken': 'activation.usernameTaken',
      'password.common': 'activation.passwordCommon',
      'password.contains_context': 'activation.passwordContext',
      'passwordConfirm.mismatch': 'activation.passwordMismatch',
      'email.format': 'contact.emailFormat',
      'phone.format': 'contact.phoneFormat',
      'name.format': 'apply.nameFormat',
    } as const
  )[`${problem.field}.${problem.code}` as 'email.format'];
  if (key) return { field, message: t(locale, key) };
  if (problem.field === 'password' && problem.code === 'too_short')
    return { field, message: t(locale, 'activation.passwordTooShort', { min: passwordMinLength }) };
  if (problem.field === 'password' && problem.code === 'too_long')
    return { field, message: t(locale, 'activation.passwordTooLong', { max: 128 }) };
  if (problem.code === 'too_long')
    return {
      field,
      message: t(locale, 'activation.form.tooLong', {
        field: label(locale, field),
        max: FIELD_MAX[field] ?? 0,
      }),
    };
  return required;
}

export function rateLimitedMessage(locale: Locale, e: TooManyAttempts): string {
  return e.retryAfterSeconds
    ? t(locale, 'activation.form.rateLimitedWait', {
        minutes: Math.max(1, Math.ceil(e.retryAfterSeconds / 60)),
      })
    : t(locale, 'activation.form.rateLimited');
}

/** Messages for the codes typed on a verification page; a pending channel left empty is "required". */
export function codeErrors(
  locale: Locale,
  results: CodeCheck[],
  pending: ContactChannel[],
  values: Record<string, string>,
): FormError[] {
  const errors: FormError[] = [];
  for (const channel of pending) {
    const field = `${channel}_code`;
    const r = results.find((x) => x.channel === channel);
    if (!r) {
      if (!values[field]?.trim())
        errors.push({
          field,
          message: t(locale, 'activation.form.required', { field: label(locale, field) }),
        });
      continue;
    }
    if (r.result === 'verified') continue;
    const message =
      r.result === 'wrong'
        ? t(locale, 'contact.codeWrong', { n: r.remainingTries })
        : r.result === 'format'
          ? t(locale, 'contact.codeFormat')
          : r.result === 'expired'
            ? t(locale, 'contact.codeExpired')
            : r.result === 'too_many_tries'
              ? t(locale, 'contact.codeTooManyTries')
              : t(locale, 'contact.codeNotRequested');
    errors.push({ field, message });
  }
  return errors;
}

/** Same path, keeping `ui_locales` when the person chose a language through it. */
export function localHref(req: Request, path: string, params: Record<string, string> = {}): string {
  const q = new URLSearchParams(params);
  if (typeof req.query.ui_locales === 'string') q.set('ui_locales', requestLocale(req));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export function channelOf(v: unknown): ContactChannel | null {
  return v === 'email' || v === 'phone' ? v : null;
}
