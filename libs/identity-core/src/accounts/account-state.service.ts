import { Injectable, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import {
  InvalidStateTransition,
  NotFound,
  nextStatus,
  type AccountEvent,
  type AccountStatus,
} from '../domain/index.js';
import { AccountEntity } from '../entities/account.entity.js';
import { SessionTerminator } from '../sessions/session-terminator.js';
import { Clock } from '../time/clock.js';
import { AccountRepository, type AccountKey } from './account.repository.js';

/** Who asked for a change, for its audit event. */
export interface StateChangeActor {
  /** `account:<sub>`, `admin:<name>`, `system:<what>`, `cli`. */
  actor: string;
  /** Kept in the audit details when given (also when null). */
  reason?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

/** The events `change` takes; activation also needs credentials, see `activate`. */
export type StatusEvent = Exclude<AccountEvent, 'activate'>;

export interface StatusChange extends StateChangeActor {
  account: AccountKey;
  event: StatusEvent;
}

export interface Activation extends StateChangeActor {
  account: AccountKey;
  /** Normalised and checked by the caller; the unique key refuses a name taken meanwhile (ER_DUP_ENTRY). */
  username: string;
  passwordHash: string;
  /** Contacts the holder has just verified. */
  email?: string;
  phone?: string;
  /** Extra audit details, e.g. which proof activated it. */
  details?: Record<string, unknown>;
}

/**
 * The one place an account's status changes (the state machine in domain/account-status.ts):
 * pending → active (with its credentials), lock, unlock, disable, enable. Each change re-reads
 * the account under a row lock, writes the new status and its audit event in one transaction:
 * the caller's, when it passes its EntityManager (activation, password reset), so the change
 * commits or rolls back with the rest of its work; otherwise one of its own. A refused change
 * throws InvalidStateTransition (`invalid_state_transition`) and is audited as a failure outside
 * any transaction, so the attempt stays on record even though the caller rolls back.
 *
 * Disabling ends every session, grant and token of the account through the SessionTerminator
 * port, inside the transaction: if that fails, the account stays as it was. A lock does not:
 * anyone can trigger one by guessing, and it must not sign the owner out.
 */
@Injectable()
export class AccountStateService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    // Optional so contexts that never disable (brute-force locking, the CLI's provisioning) need
    // no engine; disabling without one is refused before anything changes.
    @Optional() private readonly sessions?: SessionTerminator,
  ) {}

  /** lock, unlock, disable, enable. */
  async change(cmd: StatusChange, manager?: EntityManager): Promise<AccountEntity> {
    if (cmd.event === 'disable' && !this.sessions)
      throw new Error(
        'disabling an account needs a SessionTerminator (import OidcModule) to end its sessions',
      );
    return this.transition(cmd, cmd.event, null, manager);
  }

  /** pending → active: the holder's username, password and verified contacts, in the same write. */
  activate(cmd: Activation, manager?: EntityManager): Promise<AccountEntity> {
    return this.transition(
      cmd,
      'activate',
      (now) => ({
        username: cmd.username,
        passwordHash: cmd.passwordHash,
        passwordChangedAt: now,
        ...(cmd.email !== undefined ? { email: cmd.email, emailVerified: true } : {}),
        ...(cmd.phone !== undefined ? { phone: cmd.phone, phoneVerified: true } : {}),
      }),
      manager,
    );
  }

  private async transition(
    cmd: Transition,
    event: AccountEvent,
    credentials: Credentials | null,
    manager: EntityManager | undefined,
  ): Promise<AccountEntity> {
    const run = (m: EntityManager) => this.apply(m, cmd, event, credentials);
    try {
      return await (manager ? run(manager) : this.dataSource.transaction(run));
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      await this.record(cmd, event, e.sub, 'failure', { from: e.from });
      throw e.error;
    }
  }

  private async apply(
    m: EntityManager,
    cmd: Transition,
    event: AccountEvent,
    credentials: Credentials | null,
  ): Promise<AccountEntity> {
    const account = await this.accounts.findForUpdate(cmd.account, m);
    if (!account) throw new NotFound('account');
    const from = account.status;
    let to: AccountStatus;
    try {
      // pending → active without credentials would leave an account nobody can sign in to.
      if (event === 'activate' && !credentials) throw new InvalidStateTransition(from, event);
      to = nextStatus(from, event);
    } catch (e) {
      throw new Refused(e as InvalidStateTransition, account.sub, from);
    }
    const now = this.clock.now();
    const changes = { ...credentials?.(now), status: to, statusChangedAt: now };
    await m.getRepository(AccountEntity).update({ id: account.id }, changes);
    Object.assign(account, changes);
    const reason = cmd.reason === undefined ? {} : { reason: cmd.reason };
    await this.record(cmd, event, account.sub, 'success', { from, to, ...reason, ...cmd.details }, m);
    // Last: a failure here rolls the change back instead of leaving sessions alive.
    if (event === 'disable') await this.sessions!.terminateAll(account.sub);
    return account;
  }

  private record(
    cmd: StateChangeActor,
    event: AccountEvent,
    sub: string,
    result: 'success' | 'failure',
    details: Record<string, unknown>,
    manager?: EntityManager,
  ): Promise<void> {
    return this.audit.record(
      {
        actor: cmd.actor,
        action: `account.${event}`,
        target: `account:${sub}`,
        result,
        ip: cmd.ip ?? null,
        userAgent: cmd.userAgent ?? null,
        details,
      },
      manager,
    );
  }
}

type Transition = StateChangeActor & { account: AccountKey; details?: Record<string, unknown> };
type Credentials = (
  now: Date,
) => Partial<
  Pick<
    AccountEntity,
    'username' | 'passwordHash' | 'passwordChangedAt' | 'email' | 'emailVerified' | 'phone' | 'phoneVerified'
  >
>;

/** Carries a refused transition out of the transaction, which rolls back, to be audited after. */
class Refused extends Error {
  constructor(
    readonly error: InvalidStateTransition,
    readonly sub: string,
    readonly from: string,
  ) {
    super(error.message);
  }
}
