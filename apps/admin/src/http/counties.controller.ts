import { Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  AddCountyUseCase,
  ListCountiesUseCase,
  UpdateCountyUseCase,
  type CountyView,
} from '#county-federation';
import { DomainError } from '#identity-core';
import type { FormError, Locale } from '#web';
import { actorOf } from '../actions/helpdesk-actions.service.js';
import { t } from '../i18n/index.js';
import { countiesPage, countyPage, newCountyPage, type CountyForm } from '../pages/counties.page.js';
import { PortalGuard } from './portal-guard.js';
import { sendStaffPage } from './staff-pages.js';

const text = (v: unknown, max = 512) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

function readForm(form: Record<string, unknown>): CountyForm & { secret: string } {
  return {
    id: text(form.id, 64),
    name: text(form.name, 64),
    issuer: text(form.issuer),
    clientId: text(form.client_id),
    secret: typeof form.client_secret === 'string' ? form.client_secret.slice(0, 512) : '',
    enabled: form.enabled === 'yes',
    trustNationalId: form.trust_national_id === 'yes',
  };
}

const formOf = (c: CountyView): CountyForm => ({
  id: c.id,
  name: c.name,
  issuer: c.issuer,
  clientId: c.clientId,
  enabled: c.enabled,
  trustNationalId: c.trustNationalId,
});

/** The use cases' refusals as the form's messages (option names as the CLI has them). */
function refusal(locale: Locale, e: DomainError): FormError[] | null {
  if (e.code === 'county_exists') return [{ message: t(locale, 'county.exists') }];
  if (e.code === 'county_config_invalid')
    return ((e.details as { problems?: string[] }).problems ?? []).map((message) => ({ message }));
  return null;
}

/** `/counties`: the upstream county providers (superadmin only), through the counties:* use cases. */
@Controller('counties')
export class CountiesController {
  constructor(
    private readonly guard: PortalGuard,
    private readonly list: ListCountiesUseCase,
    private readonly add: AddCountyUseCase,
    private readonly update: UpdateCountyUseCase,
  ) {}

  @Get()
  async index(@Req() req: Request, @Res() res: Response) {
    const staff = await this.guard.page(req, res, 'counties');
    if (!staff) return;
    const counties = await this.list.execute();
    sendStaffPage(res, 200, countiesPage({ ...this.guard.frame(req, res, staff), counties }));
  }

  @Get('new')
  async newForm(@Req() req: Request, @Res() res: Response) {
    const staff = await this.guard.page(req, res, 'counties');
    if (!staff) return;
    const form = { id: '', name: '', issuer: '', clientId: '', enabled: true, trustNationalId: false };
    sendStaffPage(res, 200, newCountyPage({ ...this.guard.frame(req, res, staff), form, errors: [] }));
  }

  @Post()
  async create(@Req() req: Request, @Res() res: Response) {
    const p = await this.guard.post(req, res, 'counties');
    if (!p) return;
    const form = readForm(p.form);
    try {
      const county = await this.add.execute({
        id: form.id,
        name: form.name,
        issuer: form.issuer,
        clientId: form.clientId,
        clientSecret: form.secret,
        enabled: form.enabled,
        trustNationalId: form.trustNationalId,
        actor: actorOf(p.staff),
      });
      res.redirect(303, `/counties/${county.id}?done=saved`);
    } catch (e) {
      const frame = this.guard.frame(req, res, p.staff);
      const errors = e instanceof DomainError ? refusal(frame.locale, e) : null;
      if (!errors) throw e;
      sendStaffPage(res, 400, newCountyPage({ ...frame, form, errors }));
    }
  }

  @Get(':id')
  async show(
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
    @Query('done') done?: unknown,
  ) {
    const staff = await this.guard.page(req, res, 'counties');
    if (!staff) return;
    const county = await this.load(id);
    const frame = this.guard.frame(req, res, staff);
    const message =
      done === 'saved'
        ? t(frame.locale, 'county.saved')
        : done === 'disabled'
          ? t(frame.locale, 'county.disabledDone')
          : undefined;
    sendStaffPage(res, 200, countyPage({ ...frame, county, form: formOf(county), errors: [], message }));
  }

  @Post(':id/edit')
  async edit(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    const p = await this.guard.post(req, res, 'counties');
    if (!p) return;
    const county = await this.load(id);
    const form = readForm(p.form);
    try {
      await this.update.execute({
        id: county.id,
        name: form.name,
        issuer: form.issuer,
        clientId: form.clientId,
        ...(form.secret ? { clientSecret: form.secret } : {}),
        enabled: form.enabled,
        trustNationalId: form.trustNationalId,
        actor: actorOf(p.staff),
      });
      res.redirect(303, `/counties/${county.id}?done=saved`);
    } catch (e) {
      const frame = this.guard.frame(req, res, p.staff);
      const errors = e instanceof DomainError ? refusal(frame.locale, e) : null;
      if (!errors) throw e;
      sendStaffPage(res, 400, countyPage({ ...frame, county, form: { ...form, id: county.id }, errors }));
    }
  }

  @Post(':id/disable')
  async disable(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    const p = await this.guard.post(req, res, 'counties');
    if (!p) return;
    const county = await this.load(id);
    await this.update.execute({ id: county.id, enabled: false, actor: actorOf(p.staff) });
    res.redirect(303, `/counties/${county.id}?done=disabled`);
  }

  private async load(id: string): Promise<CountyView> {
    const county = (await this.list.execute()).find((c) => c.id === id);
    if (!county) throw new NotFoundException();
    return county;
  }
}
