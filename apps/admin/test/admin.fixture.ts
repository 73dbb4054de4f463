import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { GrantStaffRoleUseCase, HelpdeskModule } from '#helpdesk';
import {
  ChangeAccountStatusUseCase,
  CreateAccountUseCase,
  makeNationalId,
  UpsertSchoolUseCase,
} from '#identity-core';
import { ConfirmTotpEnrolmentUseCase, OtpModule, StartTotpEnrolmentUseCase } from '#otp';
import { APP_CONFIG, type AppConfig } from '#platform';
import {
  appEnv,
  identityCoreContext,
  launchBrowser,
  runCli,
  SmtpSink,
  startApp,
  nextTotpCode,
  totpCode,
  type RunningApp,
  type TestContext,
} from '#test-support';

export interface Person {
  username: string;
  password: string;
  nationalId: string;
  email: string;
  sub: string;
  /** Base32, when an authenticator app is enrolled. */
  totp?: string;
  /** The last 30-second step whose code was used (a code works once). */
  lastStep: number;
}

const PASSWORD = 'a long helpdesk passphrase';

/**
 * The helpdesk portal as staff use it: idp, admin and worker processes on one database, a real
 * SMTP server, headless Chromium without JavaScript; staff with an authenticator app enrolled
 * (through otp's own use cases) and roles granted as the CLI does.
 */
export function adminE2e() {
  const w = {} as {
    ctx: TestContext;
    sink: SmtpSink;
    env: Record<string, string>;
    idp: RunningApp;
    admin: RunningApp;
    worker: RunningApp;
    browser: Browser;
    people: Record<'agent' | 'taipei' | 'nomfa' | 'student' | 'hacker' | 'boss' | 'holder', Person>;
    /** A pending (imported, not activated) pupil's national ID. */
    pendingNationalId: string;
  };

  before(async () => {
    w.sink = await SmtpSink.start();
    w.ctx = await identityCoreContext({
      imports: [
        HelpdeskModule as never,
        OtpModule.forRootAsync({
          inject: [APP_CONFIG as never],
          useFactory: (c: AppConfig) => ({
            secret: Buffer.from(c.blindIndexKey, 'base64'),
            namespace: c.redisPrefix,
            accountUrl: `${c.issuer}/account`,
          }),
        }) as never,
      ],
    });
    const app = w.ctx.app;
    await app
      .get(UpsertSchoolUseCase)
      .execute({ eduid: '074601', name: '臺中市立示範國中', county: '臺中市' });
    await app
      .get(UpsertSchoolUseCase)
      .execute({ eduid: '193601', name: '臺北市立示範國小', county: '臺北市' });
    let n = 0;
    const person = async (username: string, name: string, school?: string): Promise<Person> => {
      n++;
      const nationalId = makeNationalId('P', '2', String(7100000 + n));
      const email = `${username}@example.edu.tw`;
      const a = await app.get(CreateAccountUseCase).execute({
        username,
        password: PASSWORD,
        displayName: name,
        nationalId,
        email,
        emailVerified: true,
        affiliation: school ? { schoolId: school, titles: ['學生'], year: '115', semester: '1' } : undefined,
        actor: 'test',
      });
      return { username, password: PASSWORD, nationalId, email, sub: a.sub, lastStep: 0 };
    };
    w.people = {
      agent: await person('hd.agent', '客服小張'),
      taipei: await person('tp.admin', '臺北市管理員'),
      nomfa: await person('hd.nomfa', '沒有第二因素'),
      student: await person('locked.student', '王小明', '074601'),
      hacker: await person('xss.student', '<script>alert(1)</script>', '074601'),
      boss: await person('hd.boss', '系統管理員甲'),
      holder: await person('mfa.holder', '陳有驗證', '074601'),
    };
    await app.get(ChangeAccountStatusUseCase).execute({
      sub: w.people.student.sub,
      event: 'lock',
      actor: 'test',
      reason: 'too_many_failures',
    });
    // An authenticator app for two staff members, confirmed at a step two minutes back (so the
    // sign-in's code, at the real time, is never a replay of the confirming one).
    w.ctx.clock.set(new Date(Date.now() - 120_000));
    for (const p of [w.people.agent, w.people.taipei, w.people.boss, w.people.holder]) {
      const holder = { sub: p.sub, ip: null, locale: 'zh-TW' as const };
      const { secret } = await app.get(StartTotpEnrolmentUseCase).execute(holder);
      await app.get(ConfirmTotpEnrolmentUseCase).execute(holder, totpCode(secret, w.ctx.clock.now()));
      p.totp = secret;
    }
    w.ctx.clock.set(new Date());

    w.env = await appEnv(w.ctx.config.databaseUrl, {
      REDIS_PREFIX: w.ctx.config.redisPrefix,
      SMTP_URL: w.sink.url,
      NOTIFICATION_RELAY_INTERVAL_MS: '100',
    });
    // Roles through the use case the CLI's staff:grant runs (the CLI itself: apps/cli/test/cli.e2e).
    const grant = (username: string, role: string, county?: string) =>
      app.get(GrantStaffRoleUseCase).execute({ username, role, county, actor: 'cli:test' });
    await grant('hd.agent', 'helpdesk');
    await grant('hd.nomfa', 'helpdesk');
    await grant('tp.admin', 'county-admin', '臺北市');
    await grant('hd.boss', 'superadmin');
    // A pupil imported from a roster by the CLI, waiting for activation.
    w.pendingNationalId = makeNationalId('Q', '1', '2204567');
    const roster = join(mkdtempSync(join(tmpdir(), 'admin-roster-')), 'roster.csv');
    writeFileSync(
      roster,
      `national_id,name,birth_date,school_id,titles,grade,class_no,class_title,year,semester\n${w.pendingNationalId},李待開,2013-04-05,074601,學生,1,03,一年三班,115,1\n`,
    );
    const imported = runCli(w.env, 'accounts:import', roster);
    assert.equal(imported.code, 0, imported.err + imported.out);

    w.idp = await startApp('idp', w.env);
    w.admin = await startApp('admin', w.env);
    w.worker = await startApp('worker', w.env);
    w.browser = await launchBrowser();
  });
  after(async () => {
    await w.browser?.close();
    await w.worker?.stop();
    await w.admin?.stop();
    await w.idp?.stop();
    await w.ctx?.close();
    await w.sink?.stop();
  });

  const noScript = (): Promise<BrowserContext> =>
    w.browser.newContext({ javaScriptEnabled: false, locale: 'zh-TW' });

  async function submit(page: Page, selector = 'form.form button[type=submit]') {
    const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
    return response;
  }

  /** From the portal's landing page through the idp (password, then the app) and back. */
  async function signIn(context: BrowserContext, p: Person): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${w.admin.url}/`);
    await submit(page, 'a:text("登入客服後台")');
    assert.match(new URL(page.url()).pathname, /^\/interaction\//);
    await page.fill('#login', p.username);
    await page.fill('#password', p.password);
    await submit(page, 'form[action$="/login"] button[type=submit]');
    if (p.totp) {
      assert.equal(await page.locator('h1').innerText(), '請選擇驗證方式');
      await submit(page, 'button:text("驗證器 App 驗證碼")');
      await page.fill('#code', await nextTotpCode(p));
      await submit(page);
    }
    await page.waitForURL((u) => u.href.startsWith(w.admin.url));
    return page;
  }

  /** The CSRF field of the page's first form. */
  async function csrfOf(page: Page): Promise<string> {
    return (await page.locator('input[name=csrf]').first().getAttribute('value'))!;
  }

  return { world: () => w, noScript, submit, signIn, csrfOf };
}
