import { userInfo } from 'node:os';
import { DomainError, ValidationFailed } from '#identity-core';

export class UsageError extends Error {}

export function print(value: unknown, json: boolean, text: () => string): void {
  process.stdout.write(json ? JSON.stringify(value, null, 2) + '\n' : text() + '\n');
}

/** Maps failures to exit codes: 2 bad usage, 1 refused by the domain; never a stack trace for those. */
export function fail(e: unknown, json: boolean): never {
  if (e instanceof UsageError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
  if (e instanceof DomainError) {
    const problems = e instanceof ValidationFailed ? e.problems : undefined;
    if (json) process.stdout.write(JSON.stringify({ error: e.code, message: e.message, problems }) + '\n');
    else process.stderr.write(`error: ${e.message}\n`);
    process.exit(1);
  }
  throw e;
}

/** Who acted, for the audit trail and reviewer columns: the operator's login on this machine. */
export function operator(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}
