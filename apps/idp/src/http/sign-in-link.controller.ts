import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { normalizeLogin } from '#identity-core';
import { requestLocale } from '#web';
import { AccountSessionService } from '../account/account-session.service.js';

/**
 * `/signin?username=…`: the link the username reminder sends. It signs in to My account (the
 * idp's own first-party client) with the username filled in on the login page (`login_hint`); a
 * browser already signed in goes straight to My account. Anything that is not a possible username
 * is dropped, not echoed.
 */
@Controller('signin')
export class SignInLinkController {
  constructor(private readonly sessions: AccountSessionService) {}

  @Get()
  async signIn(@Query('username') username: unknown, @Req() req: Request, @Res() res: Response) {
    const hint =
      typeof username === 'string' ? (normalizeLogin(username.slice(0, 128)) ?? undefined) : undefined;
    if (await this.sessions.current(req, res)) return res.redirect(303, '/account');
    res.redirect(
      303,
      await this.sessions.beginLogin(res, '/account', {
        fresh: false,
        locale: requestLocale(req),
        ...(hint ? { loginHint: hint } : {}),
      }),
    );
  }
}
