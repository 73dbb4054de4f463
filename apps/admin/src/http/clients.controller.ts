import { Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { StaffMember } from '#helpdesk';
import { ValidationFailed } from '#identity-core';
import {
  ClientRepository,
  CreateClientUseCase,
  RotateClientSecretUseCase,
  SetClientEnabledUseCase,
  UpdateClientUseCase,
  type OidcClientEntity,
} from '#oidc';
import type { FormError, Locale } from '#web';
import { actorOf } from '../actions/helpdesk-actions.service.js';
import { SecretOnceStore } from '../clients/secret-once.store.js';
import { config } from '../config/config.js';
import { t } from '../i18n/index.js';
import {
  clientPage,
  clientSecretPage,
  clientsPage,
  formOf,
  newClientPage,
  type ClientForm,
} from '../pages/clients.page.js';
import { PortalGuard } from './portal-guard.js';
import { sendStaffPage } from './staff-pages.js';

const MAX_REDIRECTS = 20;

/** The posted form: redirect URIs one a line, ticked scopes, and `personid` only through its approval box. */
function readForm(form: Record<string, unknown>): ClientForm {
  const list = (v: unknown) =>
    (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((s) => typeof s === 'string');
  const approvePersonid = form.approve_personid === 'yes';
  const scopes = [...new Set([...list(form.scope), ...(approvePersonid ? ['personid'] : [])])] as string[];
  return {
    name: typeof form.name === 'string' ? form.name.slice(0, 200) : '',
    redirectUris: typeof form.redirect_uris === 'string' ? form.redirect_uris.slice(0, 8000) : '',
    scopes,
    approvePersonid,
  };
}

const redirectList = (f: ClientForm) =>
  f.redirectUris
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

function formErrors(locale: Locale, e: ValidationFailed): FormError[] {
  const fields = [...new Set(e.problems.map((p) => p.field))];
  return fields.map((f) => ({
    message: t(
      locale,
      f === 'name' || f === 'redirectUri' || f === 'scopes' ? `client.err.${f}` : 'client.err.other',
    ),
  }));
}

/** `/clients`: the relying parties (superadmin only; any other role gets the 404 of an unknown page). */
@Controller('clients')
export class ClientsController {
  constructor(
    private readonly guard: PortalGuard,
    private readonly clients: ClientRepository,
    private readonly createClient: CreateClientUseCase,
    private readonly updateClient: UpdateClientUseCase,
    private readonly rotateSecret: RotateClientSecretUseCase,
    private readonly setEnabled: SetClientEnabledUseCase,
    private readonly secrets: SecretOnceStore,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response) {
    const staff = await this.guard.page(req, res, 'clients');
    if (!staff) return;
    const clients = await this.clients.list();
    sendStaffPage(res, 200, clientsPage({ ...this.guard.frame(req, res, staff), clients }));
  }

  @Get('new')
  async newForm(@Req() req: Request, @Res() res: Response) {
    const staff = await this.guard.page(req, res, 'clients');
    if (!staff) return;
    const form = {
      name: '',
      redirectUris: '',
      scopes: ['openid', 'profile', 'email'],
      approvePersonid: false,
    };
    sendStaffPage(res, 200, newClientPage({ ...this.guard.frame(req, res, staff), form, errors: [] }));
  }

  @Post()
  async create(@Req() req: Request, @Res() res: Response) {
    const p = await this.guard.post(req, res, 'clients');
    if (!p) return;
    const form = readForm(p.form);
    const redirectUris = redirectList(form);
    try {
      if (redirectUris.length > MAX_REDIRECTS)
        throw new ValidationFailed([{ field: 'redirectUri', code: 'too_many' }]);
      const { client, secret } = await this.createClient.execute({
        name: form.name,
        redirectUris,
        scopes: form.scopes,
        approvePersonid: form.approvePersonid,
        loopbackHttp: !config.production,
        actor: actorOf(p.staff),
      });
      if (secret) await this.secrets.put(p.staff.sub, client.clientId, secret);
      res.redirect(303, `/clients/${client.clientId}/secret`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const frame = this.guard.frame(req, res, p.staff);
      sendStaffPage(res, 400, newClientPage({ ...frame, form, errors: formErrors(frame.locale, e) }));
    }
  }

  @Get(':id')
  async show(
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
    @Query('done') done?: unknown,
  ) {
    const staff = await this.guard.page(req, res, 'clients');
    if (!staff) return;
    const client = await this.load(id);
    const frame = this.guard.frame(req, res, staff);
    const message =
      done === 'saved' || done === 'enable' || done === 'disable'
        ? t(frame.locale, done === 'saved' ? 'client.saved' : `client.done.${done}`)
        : undefined;
    sendStaffPage(res, 200, clientPage({ ...frame, client, form: formOf(client), errors: [], message }));
  }

  @Post(':id/edit')
  async edit(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    const p = await this.guard.post(req, res, 'clients');
    if (!p) return;
    const client = await this.load(id);
    const form = readForm(p.form);
    try {
      const redirectUris = redirectList(form);
      if (redirectUris.length > MAX_REDIRECTS)
        throw new ValidationFailed([{ field: 'redirectUri', code: 'too_many' }]);
      await this.updateClient.execute({
        clientId: client.clientId,
        redirectUris,
        scopes: form.scopes,
        approvePersonid: form.approvePersonid,
        loopbackHttp: !config.production,
        actor: actorOf(p.staff),
        ip: p.who.ip,
      });
      res.redirect(303, `/clients/${client.clientId}?done=saved`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const frame = this.guard.frame(req, res, p.staff);
      form.name = client.name;
      sendStaffPage(res, 400, clientPage({ ...frame, client, form, errors: formErrors(frame.locale, e) }));
    }
  }

  @Post(':id/rotate')
  async rotate(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    const p = await this.guard.post(req, res, 'clients');
    if (!p) return;
    const client = await this.load(id);
    const { secret } = await this.rotateSecret.execute({
      clientId: client.clientId,
      actor: actorOf(p.staff),
      ip: p.who.ip,
    });
    await this.secrets.put(p.staff.sub, client.clientId, secret);
    res.redirect(303, `/clients/${client.clientId}/secret`);
  }

  @Post(':id/enable')
  enable(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.turn(id, 'enable', req, res);
  }

  @Post(':id/disable')
  disable(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.turn(id, 'disable', req, res);
  }

  /** The secret a POST just made, once (taken from the store); a reload finds it gone. */
  @Get(':id/secret')
  async secret(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    const staff: StaffMember | null = await this.guard.page(req, res, 'clients');
    if (!staff) return;
    const client = await this.load(id);
    const secret = await this.secrets.take(staff.sub, client.clientId);
    sendStaffPage(res, 200, clientSecretPage({ ...this.guard.frame(req, res, staff), client, secret }));
  }

  private async turn(id: string, state: 'enable' | 'disable', req: Request, res: Response) {
    const p = await this.guard.post(req, res, 'clients');
    if (!p) return;
    const client = await this.load(id);
    await this.setEnabled.execute({
      clientId: client.clientId,
      enabled: state === 'enable',
      actor: actorOf(p.staff),
      ip: p.who.ip,
    });
    res.redirect(303, `/clients/${client.clientId}?done=${state}`);
  }

  private async load(id: string): Promise<OidcClientEntity> {
    const client = await this.clients.find(id);
    if (!client) throw new NotFoundException();
    return client;
  }
}
