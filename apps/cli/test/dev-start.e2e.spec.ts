import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { makeNationalId } from '#identity-core';
import { appEnv, dropDatabase, FormClient, freePort, freshDatabaseUrl, runCli } from '#test-support';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

interface InboxMessage {
  kind: 'mail' | 'sms';
  to: string;
  subject: string;
  text: string;
}

describe('npm start in development: the inbox', () => {
  const databaseUrl = freshDatabaseUrl();
  let child: ChildProcess;
  let output = '';
  let idp: string;
  let inbox: string;
  let cliEnv: Record<string, string>;

  before(async () => {
    const inboxPort = await freePort();
    const smtpPort = await freePort();
    const env = await appEnv(databaseUrl, {
      NODE_ENV: 'development',
      SEED_DEMO: 'false',
      DEV_INBOX_PORT: String(inboxPort),
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      LOG_LEVEL: 'warn',
    });
    cliEnv = { ...env, NODE_ENV: 'development', LOG_LEVEL: 'warn' };
    idp = `http://127.0.0.1:${env.IDP_PORT}`;
    inbox = `http://127.0.0.1:${inboxPort}`;
    child = spawn(process.execPath, [`${ROOT}dist/apps/cli/src/dev-start.js`], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const deadline = Date.now() + 90_000;
    while (!output.includes('=== edu-sso is running ===')) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await dropDatabase(databaseUrl);
  });

  async function waitFor(to: string, kind: 'mail' | 'sms'): Promise<InboxMessage> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await fetch(`${inbox}/messages.json?to=${encodeURIComponent(to)}&kind=${kind}`);
      const found = (await res.json()) as InboxMessage[];
      if (found.length) return found[0]!;
      if (Date.now() > deadline) throw new Error(`no ${kind} to ${to} in the inbox:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function waitForSubject(to: string, subject: string): Promise<InboxMessage> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      // A kept-alive socket the inbox closed while the CLI ran (spawnSync blocks this process) fails once: ask again.
      const found = await fetch(`${inbox}/messages.json?to=${encodeURIComponent(to)}&kind=mail`)
        .then(async (res) => ((await res.json()) as InboxMessage[]).find((m) => m.subject === subject))
        .catch(() => undefined);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no mail "${subject}" to ${to} in the inbox:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('says where the inbox is at the end of the start output', () => {
    const banner = output.slice(output.lastIndexOf('=== edu-sso is running ==='));
    assert.match(banner, new RegExp(`inbox +${inbox.replace('127.0.0.1', 'localhost')}`));
  });

  it('catches the mail and SMS codes an applicant needs and the activation mail, on one page', async () => {
    const visitor = new FormClient(idp);
    const start = await visitor.submit('/apply', {
      national_id: makeNationalId('W', '1', '5000001'),
      name: '新來的',
      birth_date: '2001-02-03',
      email: 'newcomer@example.org',
      phone: '0912000333',
    });
    assert.equal(start.status, 303, start.html);
    const mail = await waitFor('newcomer@example.org', 'mail');
    const sms = await waitFor('0912000333', 'sms');
    const mailCode = /\b(\d{6})\b/.exec(mail.text)?.[1];
    const smsCode = /\b(\d{6})\b/.exec(sms.text)?.[1];
    assert.ok(mailCode && smsCode, `codes in ${mail.text} / ${sms.text}`);
    // The codes read from the inbox are the real ones: they complete the application.
    const done = await visitor.submit('/apply/verify', { email_code: mailCode, phone_code: smsCode });
    assert.equal(done.status, 303, done.html);
    assert.match(done.location ?? '', /\/apply\/done$/);

    const page = await fetch(`${inbox}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'none'/);
    const body = await page.text();
    assert.ok(body.includes(mail.subject), 'the page lists the mail');
    assert.ok(body.includes('0912000333'), 'and the SMS');

    // The helpdesk approves: the one approval mail, with the activation code, lands in the inbox too.
    const received = await waitForSubject('newcomer@example.org', '已收到您的教育雲端帳號申請');
    const reference = /申請編號：([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})/.exec(received.text)?.[1];
    assert.ok(reference, received.text);
    const list = runCli(cliEnv, 'applications:list', '--json');
    assert.equal(list.code, 0, list.err);
    const id = (JSON.parse(list.out) as { id: string; name: string }[]).find((a) => a.name === '新來的')!.id;
    const approved = runCli(cliEnv, 'applications:approve', id);
    assert.equal(approved.code, 0, approved.err);
    const activation = await waitForSubject('newcomer@example.org', '您的教育雲端帳號申請已核准');
    assert.ok(activation.text.includes(`（編號 ${reference}）`), activation.text);
    assert.match(activation.text, /您的啟用碼為：[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}/);
  });

  it('refuses to rebuild dist/ while npm start runs from it', async () => {
    // npm start marked the dist/ it runs from with its pid.
    const marker = readFileSync(`${ROOT}dist/.in-use-by-npm-start`, 'utf8');
    assert.equal(marker, String(child.pid));
    // The build's first step, run on a copy of that dist/ marker (never on the dist/ these tests run from).
    const copy = mkdtempSync(join(tmpdir(), 'edusso-dist-'));
    mkdirSync(join(copy, 'dist'));
    writeFileSync(join(copy, 'dist', '.in-use-by-npm-start'), marker);
    const clean = (cwd: string) =>
      new Promise<{ code: number | null; err: string }>((resolve) => {
        const p = spawn(process.execPath, [`${ROOT}scripts/clean-dist.mjs`], {
          cwd,
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let err = '';
        p.stderr!.on('data', (d) => (err += d));
        p.once('exit', (code) => resolve({ code, err }));
      });
    const refused = await clean(copy);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /dist\/ is in use by `npm start` \(pid \d+\)/);
    assert.ok(existsSync(join(copy, 'dist')), 'nothing deleted');
    // A marker left by a process that is gone does not stop a build.
    writeFileSync(join(copy, 'dist', '.in-use-by-npm-start'), '999999999');
    assert.equal((await clean(copy)).code, 0);
    assert.ok(!existsSync(join(copy, 'dist')));
    rmSync(copy, { recursive: true, force: true });
  });
});
