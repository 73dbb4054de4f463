import { Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { OidcService } from '#oidc';

const STATUS = { invalid_token: 401, insufficient_scope: 403, not_found: 404 } as const;

/**
 * The education cloud's resource APIs (Bearer access token). Each answers with the claims of its
 * scope through the engine's release policy, so a token never reads more than the RP may have.
 */
@Controller()
export class ResourceController {
  constructor(private readonly oidc: OidcService) {}

  @Get(['moeresource/api/v1/oidc/eduinfo', 'cncresource/api/v1/eduinfo'])
  async eduinfo(@Headers('authorization') auth: string | undefined, @Res() res: Response) {
    const claims = await this.release(auth, 'eduinfo', res);
    if (claims) res.json(claims.eduinfo);
  }

  @Get('cncresource/api/v1/personid')
  async personid(@Headers('authorization') auth: string | undefined, @Res() res: Response) {
    const claims = await this.release(auth, 'personid', res);
    if (claims) res.json({ personid: claims.personid });
  }

  @Get('cncresource/api/v1/guid')
  async guid(@Headers('authorization') auth: string | undefined, @Res() res: Response) {
    const claims = await this.release(auth, 'guid', res);
    if (claims) res.json({ guid: claims.guid });
  }

  @Post(['moeresource/api/v1/oidc/eduinfo', 'cncresource/api/v1/personid', 'cncresource/api/v1/guid'])
  @HttpCode(405)
  methodNotAllowed(@Res() res: Response) {
    res.setHeader('Allow', 'GET').json({ error: 'method_not_allowed' });
  }

  private async release(
    auth: string | undefined,
    scope: string,
    res: Response,
  ): Promise<Record<string, unknown> | null> {
    const result = await this.oidc.release(auth, scope);
    if ('released' in result) return result.released;
    const error = result.refused;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader(
      'WWW-Authenticate',
      `Bearer error="${error}"${error === 'insufficient_scope' ? `, scope="${scope}"` : ''}`,
    );
    res.status(STATUS[error]).json({ error });
    return null;
  }
}
