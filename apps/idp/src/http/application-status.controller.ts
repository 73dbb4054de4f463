import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  CheckApplicationStatusUseCase,
  formatApplicationReference,
  normalizeApplicationReference,
} from '#activation';
import { TooManyAttempts, ValidationFailed } from '#identity-core';
import { CsrfService, localeSwitchHref, requestLocale, sendPage, type FormError, type Locale } from '#web';
import { t } from '../i18n/index.js';
import { applicationStatusPage, type ApplicationStatusPageModel } from '../pages/application-status.page.js';
import { localHref, problemMessage, readForm } from './activation-form.js';
import { ApplicationStatusDto } from './dto/application-status.dto.js';
import { authContext } from './request-info.js';

const BASE = '/apply/status';

/** The date an applicant reads, in Taiwan (the service's only time zone). */
function taiwanDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * 查詢申請進度: reference number + birth date → the application's status. A number that does not
 * exist and a wrong birth date get the same page (CheckApplicationStatusUseCase counts both).
 */
@Controller('apply/status')
export class ApplicationStatusController {
  constructor(
    private readonly csrf: CsrfService,
    private readonly check: CheckApplicationStatusUseCase,
  ) {}

  @Get()
  form(@Req() req: Request, @Res() res: Response) {
    return this.page(req, res, requestLocale(req), 200, {});
  }

  @Post()
  async lookUp(@Body() form: ApplicationStatusDto, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const { values, errors } = readForm(locale, form);
    const keep = { reference: values.reference, birthDate: values.birth_date };
    if (!this.csrf.valid(req, form.csrf))
      return this.page(req, res, locale, 403, {
        ...keep,
        errors: [{ message: t(locale, 'activation.form.csrf') }],
      });
    if (errors.length) return this.page(req, res, locale, 400, { ...keep, errors });
    try {
      const found = await this.check.execute(
        { reference: values.reference ?? '', birthDate: values.birth_date ?? '' },
        authContext(req),
      );
      if (!found)
        return this.page(req, res, locale, 200, {
          ...keep,
          errors: [{ message: t(locale, 'status.notFound') }],
        });
      return this.page(req, res, locale, 200, {
        ...keep,
        result: {
          reference: formatApplicationReference(normalizeApplicationReference(values.reference)!),
          status: found.status,
          submitted: taiwanDate(found.submittedAt),
          decided: found.decidedAt ? taiwanDate(found.decidedAt) : null,
        },
      });
    } catch (e) {
      if (e instanceof ValidationFailed)
        return this.page(req, res, locale, 400, {
          ...keep,
          errors: e.problems.map((p) =>
            p.field === 'reference'
              ? {
                  field: 'reference',
                  message: t(
                    locale,
                    p.code === 'empty' ? 'status.referenceRequired' : 'status.referenceFormat',
                  ),
                }
              : problemMessage(locale, p, values, 0),
          ),
        });
      if (e instanceof TooManyAttempts) {
        const seconds = e.retryAfterSeconds ?? 3600;
        res.setHeader('Retry-After', String(seconds));
        return this.page(req, res, locale, 429, {
          ...keep,
          errors: [
            { message: t(locale, 'status.rateLimited', { minutes: Math.max(1, Math.ceil(seconds / 60)) }) },
          ],
        });
      }
      throw e;
    }
  }

  private page(
    req: Request,
    res: Response,
    locale: Locale,
    status: number,
    m: {
      reference?: string;
      birthDate?: string;
      errors?: FormError[];
      result?: ApplicationStatusPageModel['result'];
    },
  ) {
    return sendPage(
      res,
      status,
      applicationStatusPage({
        locale,
        action: localHref(req, BASE),
        csrf: this.csrf.token(req, res),
        activateHref: localHref(req, '/activate'),
        applyHref: localHref(req, '/apply'),
        switchLocaleHref: localeSwitchHref(BASE, locale),
        ...m,
      }),
    );
  }
}
