import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { AuditService, VerifyAuditChainUseCase } from '#identity-core';
import { adminE2e } from './admin.fixture.js';

/**
 * The dashboard's figures: sign-ins today by the method they began with (from `login.complete`'s
 * amr), failures by step, and the last audit chain verification (when, result, first problem);
 * service-wide figures for all-account roles only.
 */
describe('helpdesk portal: dashboard figures', () => {
  const { world, noScript, signIn } = adminE2e();

  before(async () => {
    const audit = world().ctx.app.get(AuditService);
    const completed = (amr: string[]) => ({
      actor: 'account:x',
      action: 'login.complete',
      target: 'account:x',
      result: 'success' as const,
      details: { amr, acr: 'x', client: 'c' },
    });
    await audit.recordMany([
      completed(['fed']),
      completed(['fed']),
      completed(['hwk', 'pin', 'sc']),
      completed(['swk', 'face']),
      completed(['otp', 'sms']),
      ...Array.from({ length: 3 }, () => ({
        actor: 'anonymous',
        action: 'login.password',
        result: 'failure' as const,
      })),
      { actor: 'account:x', action: 'login.totp', target: 'account:x', result: 'failure' },
    ]);
  });

  it('a superadmin sees sign-ins by method and failures by step, in words', async () => {
    const { admin, people } = world();
    const context = await noScript();
    const page = await signIn(context, people.boss);
    await page.goto(`${admin.url}/dashboard`);
    assert.equal(await page.locator('h1').innerText(), '今日概況');
    // The boss's own sign-in (password + app) is the one password sign-in.
    assert.match(await page.locator('dl.dashboard').innerText(), /今日登入次數\s+6\s+今日登入失敗次數\s+4/);
    const methods = await page.locator('dl.dashboard-methods').innerText();
    assert.match(
      methods,
      /帳號密碼\s+1\s+簡訊驗證碼\s+1\s+縣市帳號\s+2\s+自然人憑證\s+1\s+行動自然人憑證\s+1\s+其他\s+0/,
    );
    const failures = await page.locator('dl.dashboard-failures').innerText();
    assert.match(failures, /輸入密碼\s+3\s+輸入驗證器 App 驗證碼\s+1/);
    assert.match(await page.locator('main').innerText(), /尚未驗證過/);

    await world().ctx.app.get(VerifyAuditChainUseCase).execute({ actor: 'cli:test' });
    await page.reload();
    const ok = await page.locator('dl.dashboard-verification').innerText();
    assert.match(ok, /上次驗證時間\s+\S+/);
    assert.match(ok, /結果\s+正常（共檢查 [\d,]+ 筆）/);

    // A verification that found tampering: its first problem names the row.
    await world()
      .ctx.app.get(DataSource)
      .query(
        `INSERT INTO audit_verifications (started_at, finished_at, ok, rows_checked, head_seq, head_hash, problem, actor)
         VALUES (NOW(3), NOW(3), 0, 10, 10, ?, 'edited: row 7 (seq 7)', 'cli:test')`,
        ['f'.repeat(64)],
      );
    await page.reload();
    const bad = await page.locator('dl.dashboard-verification').innerText();
    assert.match(bad, /結果\s+發現問題\s+第一個問題\s+edited: row 7 \(seq 7\)/);
    await context.close();
  });

  it('a county admin sees only the locked accounts of their scope', async () => {
    const { admin, people } = world();
    const context = await noScript();
    const page = await signIn(context, people.taipei);
    await page.goto(`${admin.url}/dashboard`);
    assert.match(await page.locator('dl.dashboard').innerText(), /已鎖定的帳號\s+0/);
    for (const hidden of ['dl.dashboard-methods', 'dl.dashboard-failures', 'dl.dashboard-verification'])
      assert.equal(await page.locator(hidden).count(), 0, hidden);
    await context.close();
  });

  it("today's sign-ins are a range of ix_audit_action (action, occurred_at)", async () => {
    const db = world().ctx.app.get(DataSource);
    const plan = (await db.query(
      `EXPLAIN SELECT JSON_EXTRACT(details, '$.amr') AS amr, COUNT(*) AS n FROM audit_events
        WHERE action = 'login.complete' AND occurred_at >= ? GROUP BY amr`,
      [new Date(Date.now() - 3600_000)],
    )) as { key: string | null }[];
    assert.equal(plan[0]!.key, 'ix_audit_action', JSON.stringify(plan));
  });
});
