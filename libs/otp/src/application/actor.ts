import { NotFound, type AccountEntity, type AccountRepository } from '#identity-core';
import type { NotificationLocale } from '#notifications';

/** The holder acting from My account: who, from where, in which language notices go. */
export interface HolderContext {
  sub: string;
  ip: string | null;
  userAgent?: string | null;
  locale: NotificationLocale;
}

export async function holder(accounts: AccountRepository, sub: string): Promise<AccountEntity> {
  const account = await accounts.findBySub(sub);
  if (!account || account.status !== 'active') throw new NotFound('account');
  return account;
}
