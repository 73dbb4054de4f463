import { Controller, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { localeSwitchHref, requestLocale, sendPage } from '#web';
import { HELP_TOPICS, type HelpTopic } from '../help/help-topics.js';
import { helpIndexPage, helpTopicPage } from '../pages/help.page.js';

/** 登入說明: an index and one page per way of signing in; every page's footer links here. */
@Controller('help')
export class HelpController {
  @Get()
  index(@Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    sendPage(res, 200, helpIndexPage({ locale, switchLocaleHref: localeSwitchHref('/help', locale) }));
  }

  @Get(':topic')
  topic(@Param('topic') topic: string, @Req() req: Request, @Res() res: Response) {
    if (!(HELP_TOPICS as readonly string[]).includes(topic)) throw new NotFoundException();
    const locale = requestLocale(req);
    sendPage(
      res,
      200,
      helpTopicPage({
        locale,
        topic: topic as HelpTopic,
        switchLocaleHref: localeSwitchHref(`/help/${topic}`, locale),
      }),
    );
  }
}
