import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { makeNationalId } from '#identity-core';
import { dropDatabase, freshDatabaseUrl, runCli } from '#test-support';

const DB = freshDatabaseUrl();

const cli = (...args: string[]) => runCli({ DATABASE_URL: DB, ARGON2_MEMORY_KIB: '4096' }, ...args);

/** The helpdesk's second-factor commands (what they remove is covered in libs/otp/test). */
describe('operator CLI: accounts:mfa and accounts:mfa-reset', () => {
  after(() => dropDatabase(DB));

  it('shows an account second factors as JSON, masked; unknown names exit 1', () => {
    const created = cli(
      'accounts:create',
      '--username',
      'lee.helpdesk',
      '--password',
      'a passphrase for tests',
      '--name',
      '李同學',
      '--national-id',
      makeNationalId('N', '2', '1231231'),
      '--phone',
      '0912000345',
    );
    assert.equal(created.code, 0, created.err);
    const shown = cli('accounts:mfa', 'lee.helpdesk', '--json');
    assert.equal(shown.code, 0, shown.err);
    assert.deepEqual(JSON.parse(shown.out), {
      username: 'lee.helpdesk',
      totp: null,
      sms: null,
      recoveryCodesLeft: 0,
      verifiedMobile: '09**-***-345',
    });
    assert.ok(!shown.out.includes('0912000345'), 'the mobile is masked');
    assert.equal(cli('accounts:mfa', 'nobody.here').code, 1);
  });

  it('resets only with a reason (usage exit 2), and says what it removed', () => {
    assert.equal(cli('accounts:mfa-reset', 'lee.helpdesk').code, 2);
    const reset = cli('accounts:mfa-reset', 'lee.helpdesk', '--reason', '手機遺失，本人臨櫃', '--json');
    assert.equal(reset.code, 0, reset.err);
    assert.deepEqual(JSON.parse(reset.out), { removed: [] });
  });
});
