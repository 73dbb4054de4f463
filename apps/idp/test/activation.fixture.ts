import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { PiiService, makeNationalId } from '#identity-core';
import type { NotificationRequest } from '#notifications';
import { client, OidcHarness, type RegisteredClient } from './oidc-harness.js';
import { runCli } from '#test-support';

export const HEADER = 'national_id,name,birth_date,school_id,titles,grade,class_no,class_title,year,semester';

export const MING = {
  nationalId: makeNationalId('P', '1', '4000001'),
  name: '黃小明',
  birthDate: '2012-03-04',
};
export const MEI = {
  nationalId: makeNationalId('P', '2', '4000002'),
  name: '黃小美',
  birthDate: '2013-07-08',
};
export const HUA = {
  nationalId: makeNationalId('Q', '2', '4000003'),
  name: '郭老師',
  birthDate: '1980-01-02',
};
export const NOBODY = makeNationalId('R', '1', '4000004');

/** The text of the error summary and field errors, for comparing answers. */
export const errorTexts = (html: string) =>
  [
    ...(/<ul class="error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(
      /<li>(?:<a href="#[a-z_]+">)?([^<]+)/g,
    ),
  ].map((m) => m[1]!.trim());

/** A page with its application reference number (random per application, ABCD-EFGH) blanked, for comparing answers. */
export const withoutReference = (html: string) => html.replace(/[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/g, 'REF');

/** The suite's servers and helpers, with its hooks registered in the calling suite; read `world()` after its first `before`. */
export function activationE2e() {
  const h = new OidcHarness();
  let rp!: RegisteredClient;
  let config!: client.Configuration;
  let dir!: string;
  const codes = new Map<string, string>();

  const cli = (...args: string[]) => runCli({ LOG_LEVEL: 'warn', ...h.env }, ...args);

  async function outbox(): Promise<NotificationRequest[]> {
    const rows: { payload_cipher: string }[] = await h.ctx.app
      .get(DataSource)
      .query('SELECT payload_cipher FROM notification_outbox ORDER BY id');
    return rows.map(
      (r) => JSON.parse(h.ctx.app.get(PiiService).decrypt(r.payload_cipher)) as NotificationRequest,
    );
  }

  async function lastMessage(to: string, template: string): Promise<NotificationRequest> {
    const m = (await outbox()).filter((x) => x.to === to && x.template === template).at(-1);
    assert.ok(m, `no ${template} to ${to}`);
    return m;
  }

  const text = async (page: Page, selector: string) => (await page.textContent(selector)) ?? '';

  async function submitAndWait(page: Page) {
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form.form:not(.form--inline) button[type=submit]'),
    ]);
    await page.waitForLoadState('load');
  }

  before(async () => {
    await h.start();
    rp = await h.registerClient({ name: '學習平臺', firstParty: true });
    config = await h.rpConfig(rp);
    dir = mkdtempSync(join(tmpdir(), 'edusso-activation-'));
  });
  after(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  return {
    world: () => ({ rp, config, dir }),
    h,
    codes,
    cli,
    outbox,
    lastMessage,
    text,
    submitAndWait,
    withoutReference,
  };
}
