import { Controller, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AccountRepository } from '#identity-core';
import { OidcService } from '#oidc';
import { localeSwitchHref, messagePage, requestLocale, sendPage } from '#web';
import { CaptchaService } from '../captcha/captcha.service.js';
import { t } from '../i18n/index.js';
import { signedInPage } from '../pages/index.js';

@Controller()
export class HomeController {
  constructor(
    private readonly oidc: OidcService,
    private readonly accounts: AccountRepository,
    private readonly captcha: CaptchaService,
  ) {}

  /** The issuer root: who is signed in on this browser, and a way to sign out. */
  @Get()
  async home(@Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const accountId = await this.oidc.sessionAccountId(req, res);
    const account = accountId ? await this.accounts.findBySub(accountId) : null;
    const switchLocaleHref = localeSwitchHref('/', locale);
    if (!account) {
      return sendPage(
        res,
        200,
        messagePage({
          locale,
          title: t(locale, 'home.title'),
          message: t(locale, 'home.signedOut'),
          switchLocaleHref,
        }),
      );
    }
    sendPage(
      res,
      200,
      signedInPage({
        locale,
        name: account.displayName,
        username: `${account.username}@mail.edu.tw`,
        logoutAction: this.oidc.routes.end_session,
        switchLocaleHref,
      }),
    );
  }

  /**
   * The captcha picture (`<id>.png`) or the same captcha spoken (`<id>.wav`, in the page's
   * language); drawn on each request from what the id keeps, never cached.
   */
  @Get('captcha/:file')
  async captchaImage(@Param('file') file: string, @Req() req: Request, @Res() res: Response) {
    const m = /^([\w-]{16,64})\.(png|wav)$/.exec(file);
    const body = !m
      ? null
      : m[2] === 'png'
        ? await this.captcha.image(m[1]!)
        : await this.captcha.audio(m[1]!, requestLocale(req));
    if (!body) throw new NotFoundException();
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', "default-src 'none'");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type(m![2] === 'png' ? 'image/png' : 'audio/wav').send(body);
  }
}
