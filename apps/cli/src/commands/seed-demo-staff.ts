import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { Secret, TOTP } from 'otpauth';
import { GrantStaffRoleUseCase } from '#helpdesk';
import { AccountRepository, CreateAccountUseCase, makeNationalId } from '#identity-core';
import { ConfirmTotpEnrolmentUseCase, StartTotpEnrolmentUseCase } from '#otp';

export interface SeededStaff {
  username: string;
  password: string;
  /** Base32: add it to an authenticator app (or compute codes with `oathtool --totp -b`). */
  totpSecret: string;
  totpUri: string;
}

const DEMO_STAFF = { username: 'demo.helpdesk', name: '客服示範人員', id: ['C', '2', '5820461'] } as const;

/**
 * Development first run: a helpdesk agent for the portal (apps/admin), with an authenticator app
 * already enrolled (the portal needs MFA): its password and TOTP key are printed once, like the
 * demo accounts'. Running it again changes nothing.
 */
export async function seedDemoStaff(ctx: INestApplicationContext): Promise<SeededStaff | null> {
  if (await ctx.get(AccountRepository).findByLogin(DEMO_STAFF.username)) return null;
  const password = `demo-${randomBytes(6).toString('base64url')}`;
  const account = await ctx.get(CreateAccountUseCase).execute({
    username: DEMO_STAFF.username,
    password,
    displayName: DEMO_STAFF.name,
    nationalId: makeNationalId(DEMO_STAFF.id[0], DEMO_STAFF.id[1], DEMO_STAFF.id[2]),
    email: 'demo-helpdesk@example.edu.tw',
    emailVerified: true,
    actor: 'seed',
  });
  const holder = { sub: account.sub, ip: null, locale: 'zh-TW' as const };
  const enrolment = await ctx.get(StartTotpEnrolmentUseCase).execute(holder);
  // The first code confirms the app, as the holder would in My account (computed here instead).
  const code = new TOTP({ secret: Secret.fromBase32(enrolment.secret) }).generate();
  await ctx.get(ConfirmTotpEnrolmentUseCase).execute(holder, code);
  await ctx
    .get(GrantStaffRoleUseCase)
    .execute({ username: DEMO_STAFF.username, role: 'helpdesk', actor: 'seed' });
  return { username: DEMO_STAFF.username, password, totpSecret: enrolment.secret, totpUri: enrolment.uri };
}
