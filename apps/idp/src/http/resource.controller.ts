import { Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AccountRepository, PiiService } from '#identity-core';
import { buildEduInfo, OidcService, type BearerToken } from '#oidc';

/**
 * The education cloud's resource APIs (Bearer access token). Each checks its own scope, so a
 * token never reads more than the RP was granted.
 */
@Controller()
export class ResourceController {
  constructor(
    private readonly oidc: OidcService,
    private readonly accounts: AccountRepository,
    private readonly pii: PiiService,
  ) {}

  @Get(['moeresource/api/v1/oidc/eduinfo', 'cncresource/api/v1/eduinfo'])
  async eduinfo(@Headers('authorization') auth: string | undefined, @Res() res: Response) {
    const token = await this.authorize(auth, 'eduinfo', res);
    if (!token) return;
    const account = await this.accounts.findWithAffiliations(token.accountId!);
    if (!account || account.status !== 'active') return this.deny(res, 401, 'invalid_token');
    res.json(buildEduInfo(account.sub, account.affiliations ?? []));
  }

  @Get('cncresource/api/v1/personid')
  async personid(@Headers('authorization') auth: string | undefined, @Res() res: Response) {
    const token = await this.authorize(auth, 'personid', res);
    if (!token) return;
    const id = await this.nationalId(token, res);
    if (id) res.json({ personid: id });
  }

  @Get('cncresource/api/v1/guid')
  async guid(@Headers('authorization') auth: string | undefined, @Res() res: Response) {
    const token = await this.authorize(auth, 'guid', res);
    if (!token) return;
    const id = await this.nationalId(token, res);
    if (id) res.json({ guid: this.pii.guid(id) });
  }

  @Post(['moeresource/api/v1/oidc/eduinfo', 'cncresource/api/v1/personid', 'cncresource/api/v1/guid'])
  @HttpCode(405)
  methodNotAllowed(@Res() res: Response) {
    res.setHeader('Allow', 'GET').json({ error: 'method_not_allowed' });
  }

  private async nationalId(token: BearerToken, res: Response): Promise<string | null> {
    const account = await this.accounts.findBySub(token.accountId!);
    if (!account || account.status !== 'active') return this.deny(res, 401, 'invalid_token');
    if (!account.nationalIdCipher) return this.deny(res, 404, 'not_found');
    return this.pii.decrypt(account.nationalIdCipher);
  }

  private async authorize(
    auth: string | undefined,
    scope: string,
    res: Response,
  ): Promise<BearerToken | null> {
    const token = await this.oidc.bearer(auth);
    if (!token || !token.accountId) return this.deny(res, 401, 'invalid_token');
    if (!token.scopes.has(scope)) return this.deny(res, 403, 'insufficient_scope', scope);
    return token;
  }

  private deny(res: Response, status: number, error: string, scope?: string): null {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('WWW-Authenticate', `Bearer error="${error}"${scope ? `, scope="${scope}"` : ''}`);
    res.status(status).json({ error });
    return null;
  }
}
