import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { localeSwitchHref, requestLocale, sendPage } from '#web';
import { homePage } from '../pages/home.page.js';

@Controller()
export class HomeController {
  @Get()
  home(@Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    sendPage(res, 200, homePage({ locale, switchLocaleHref: localeSwitchHref('/', locale) }));
  }
}
