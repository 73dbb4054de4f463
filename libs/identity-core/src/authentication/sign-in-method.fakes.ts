import type { AccountEntity } from '../entities/account.entity.js';
import type { FactorKind, SignInMethod, SignInOutcome, SignInStage } from './sign-in-method.js';

/** Fakes for the unit specs of the registry, policy and flow (not exported from the lib). */
export function fakeMethod(
  id: string,
  over: Partial<Omit<SignInMethod, 'id'>> & { order?: number } = {},
): SignInMethod {
  const { order = 10, ...rest } = over;
  return {
    id,
    amr: [id],
    factor: 'knowledge' as FactorKind,
    stages: ['first'] as SignInStage[],
    presentation: { order, label: { 'zh-TW': id, en: id } },
    availableFor: () => true,
    complete: async (): Promise<SignInOutcome> => ({ kind: 'rejected', reason: 'invalid_credentials' }),
    ...rest,
  };
}

export function fakeAccount(sub: string, titles: string[] = []): AccountEntity {
  return { id: '1', sub, status: 'active', affiliations: [{ titles }] } as unknown as AccountEntity;
}
