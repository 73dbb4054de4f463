import { Injectable } from '@nestjs/common';
import {
  AccountRepository,
  PasswordHasher,
  PasswordPolicy,
  PiiService,
  ValidationFailed,
  checkUsername,
  normalizeLogin,
} from '#identity-core';
import { FlowExpired } from '../../domain/errors.js';
import { FlowStore } from '../../flow/flow.store.js';

export interface ChooseCredentialsCommand {
  token: string | undefined;
  username: string;
  password: string;
  passwordConfirm: string;
}

/**
 * Step 2: the username (identity-core rules, reserved names refused, not taken) and the password
 * (the NIST policy, with the holder's name, national ID and birth date as context words). Only
 * the argon2 hash is kept in the flow. Whether a username is taken is told only to someone who
 * already proved an identity.
 */
@Injectable()
export class ChooseCredentialsUseCase {
  constructor(
    private readonly flows: FlowStore,
    private readonly accounts: AccountRepository,
    private readonly pii: PiiService,
    private readonly policy: PasswordPolicy,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(cmd: ChooseCredentialsCommand): Promise<void> {
    const flow = await this.flows.load('activation', cmd.token);
    if (!flow || flow.data.step === 'done') throw new FlowExpired();
    const account = await this.accounts.findBySub(flow.data.accountSub);
    if (!account || account.status !== 'pending') throw new FlowExpired();

    const problems: { field: string; code: string }[] = [];
    const username = normalizeLogin(cmd.username) ?? '';
    if (!cmd.username.trim()) problems.push({ field: 'username', code: 'empty' });
    else {
      const problem = checkUsername(username);
      if (problem) problems.push({ field: 'username', code: problem });
      else if (await this.accounts.findByLogin(username)) problems.push({ field: 'username', code: 'taken' });
    }
    if (!cmd.password) problems.push({ field: 'password', code: 'empty' });
    else
      for (const code of this.policy.check(cmd.password, {
        username,
        name: account.displayName,
        email: account.email ?? undefined,
        nationalId: account.nationalIdCipher ? this.pii.decrypt(account.nationalIdCipher) : undefined,
        birthDate: account.birthDate ?? undefined,
      }))
        problems.push({ field: 'password', code });
    if (cmd.password && cmd.password !== cmd.passwordConfirm)
      problems.push({ field: 'passwordConfirm', code: 'mismatch' });
    if (problems.length) throw new ValidationFailed(problems);

    flow.data.username = username;
    flow.data.passwordHash = await this.hasher.hash(cmd.password);
    if (flow.data.step === 'credentials') flow.data.step = 'contact';
    if (!(await this.flows.save(flow))) throw new FlowExpired();
  }
}
