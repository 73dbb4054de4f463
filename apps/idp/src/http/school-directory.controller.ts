import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { FindSchoolUseCase } from '#directory';

/**
 * The public school directory of the existing service: no token, JSON, an array of one school.
 * Cached by the lib (a minute per process) and by clients and proxies (an hour).
 */
@Controller()
export class SchoolDirectoryController {
  constructor(private readonly schools: FindSchoolUseCase) {}

  @Get('moeresource/api/v2/eduoid/all/eduid/:schoolid')
  async school(@Param('schoolid') schoolid: string, @Res() res: Response) {
    const entry = await this.schools.execute(schoolid);
    // Public data for any origin: browsers of schools' own pages may read it.
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (!entry) {
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.status(404).json({ error: 'not_found', error_description: 'no school with this code' });
      return;
    }
    res.setHeader('Cache-Control', 'public, max-age=3600').json([entry]);
  }

  @Post('moeresource/api/v2/eduoid/all/eduid/:schoolid')
  @HttpCode(405)
  methodNotAllowed(@Res() res: Response) {
    res.setHeader('Allow', 'GET').json({ error: 'method_not_allowed' });
  }
}
