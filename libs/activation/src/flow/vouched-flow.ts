import type { AccountEntity } from '#identity-core';
import type { ActivationFlow } from './flow.types.js';

/**
 * An activation whose identity someone else vouched for (`via`, e.g. `county:kh`): it starts at
 * the account name and password, like one proven by a code, but has no code to consume.
 */
export function vouchedActivation(account: AccountEntity, via: string, link: unknown): ActivationFlow {
  return {
    kind: 'activation',
    step: 'credentials',
    accountSub: account.sub,
    codeId: null,
    via,
    ...(link === undefined ? {} : { link }),
    name: account.displayName,
    username: null,
    passwordHash: null,
    contacts: {},
  };
}
