import { Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DescribeRelationUseCase } from '#directory';
import { OidcService, type ResourceAccess, type ResourceRelease } from '#oidc';

const STATUS = { invalid_token: 401, insufficient_scope: 403, not_found: 404 } as const;

/**
 * The profile API answers with the claims of these scopes, as the token holds them (the legacy
 * service's "profile fields"); eduinfo, personid and guid keep their own APIs.
 */
const PROFILE_SCOPES = [
  'openid',
  'profile',
  'email',
  'phone',
  'educloudroles',
  'openid2',
  'syncdata',
] as const;

/**
 * The education cloud's resource APIs (Bearer access token). Each answers through the engine's
 * release policy, so a token never reads more than the RP may have.
 */
@Controller()
export class ResourceController {
  constructor(
    private readonly oidc: OidcService,
    private readonly relations: DescribeRelationUseCase,
  ) {}

  @Get(['moeresource/api/v1/oidc/eduinfo', 'cncresource/api/v1/eduinfo'])
  async eduinfo(@Headers('authorization') auth: string | undefined, @Res() res: Response) {
    const claims = this.answer(await this.oidc.release(auth, 'eduinfo'), 'eduinfo', res);
    if (claims) res.json(claims.eduinfo);
  }

  @Get('cncresource/api/v1/personid')
  async personid(@Headers('authorization') auth: string | undefined, @Res() res: Response) {
    const claims = this.answer(await this.oidc.release(auth, 'personid'), 'personid', res);
    if (claims) res.json({ personid: claims.personid });
  }

  @Get('cncresource/api/v1/guid')
  async guid(@Headers('authorization') auth: string | undefined, @Res() res: Response) {
    const claims = this.answer(await this.oidc.release(auth, 'guid'), 'guid', res);
    if (claims) res.json({ guid: claims.guid });
  }

  /** Scope `profile`; the flat object of the legacy service, with the fields the token's scopes allow. */
  @Get('moeresource/api/v1/oidc/profile')
  async profile(@Headers('authorization') auth: string | undefined, @Res() res: Response) {
    const claims = this.answer(
      await this.oidc.releaseScopes(auth, 'profile', PROFILE_SCOPES),
      'profile',
      res,
    );
    if (claims) res.setHeader('Cache-Control', 'no-store').json(claims);
  }

  /** Scope `relation`: classes and subjects taught, the student's class, a parent's children (#directory). */
  @Get('moeresource/api/v2/oidc/relation')
  async relation(@Headers('authorization') auth: string | undefined, @Res() res: Response) {
    const access = await this.oidc.authorizeResource(auth, 'relation');
    if (!this.allowed(access, 'relation', res)) return;
    res.setHeader('Cache-Control', 'no-store').json(await this.relations.execute(access.account));
  }

  @Post([
    'moeresource/api/v1/oidc/eduinfo',
    'cncresource/api/v1/eduinfo',
    'cncresource/api/v1/personid',
    'cncresource/api/v1/guid',
    'moeresource/api/v1/oidc/profile',
    'moeresource/api/v2/oidc/relation',
  ])
  @HttpCode(405)
  methodNotAllowed(@Res() res: Response) {
    res.setHeader('Allow', 'GET').json({ error: 'method_not_allowed' });
  }

  private answer(result: ResourceRelease, scope: string, res: Response): Record<string, unknown> | null {
    if ('released' in result) return result.released;
    this.refuse(result.refused, scope, res);
    return null;
  }

  private allowed(
    access: ResourceAccess,
    scope: string,
    res: Response,
  ): access is Exclude<ResourceAccess, { refused: unknown }> {
    if (!('refused' in access)) return true;
    this.refuse(access.refused, scope, res);
    return false;
  }

  private refuse(error: keyof typeof STATUS, scope: string, res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader(
      'WWW-Authenticate',
      `Bearer error="${error}"${error === 'insufficient_scope' ? `, scope="${scope}"` : ''}`,
    );
    res.status(STATUS[error]).json({ error });
  }
}
