import { NotFound, type AccountEntity, type AccountRepository } from '#identity-core';
import type { NotificationLocale } from '#notifications';

/** The holder acting in My account: who, from where, in which language notices go. */
export interface HolderRequest {
  sub: string;
  ip: string | null;
  userAgent?: string | null;
  locale: NotificationLocale;
}

export async function activeHolder(accounts: AccountRepository, sub: string): Promise<AccountEntity> {
  const account = await accounts.findBySub(sub);
  if (!account || account.status !== 'active') throw new NotFound('account');
  return account;
}

/** A notice to both verified channels (or those given). */
export function verifiedChannels(account: AccountEntity): { channel: 'email' | 'sms'; to: string }[] {
  const out: { channel: 'email' | 'sms'; to: string }[] = [];
  if (account.email && account.emailVerified) out.push({ channel: 'email', to: account.email });
  if (account.phone && account.phoneVerified) out.push({ channel: 'sms', to: account.phone });
  return out;
}
