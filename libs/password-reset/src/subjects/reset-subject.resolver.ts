import { Injectable } from '@nestjs/common';
import { AccountRepository, PiiService, type AccountEntity } from '#identity-core';
import {
  isMobileNumber,
  lookAlikeChannels,
  maskEmail,
  maskPhone,
  type ResetChannelKind,
  type ResetChannelOption,
} from '../domain/channel-mask.js';
import { identifierKey, type ResetIdentifier } from '../domain/reset-identifier.js';
import { ResetSecrets } from '../secrets/reset-secrets.js';

/** Who a reset is for, as far as the flow may know it. */
export interface ResetSubject {
  /** Null when no account a reset may touch matches: nothing will ever be sent. */
  account: AccountEntity | null;
  /** Key of the per-account counters: the username, or a pseudonym of the identifier (never what was typed). */
  subject: string;
  /** Real masked channels, or stable look-alikes when `account` is null: the page cannot tell. */
  channels: ResetChannelOption[];
  /**
   * For audit events: `account:<sub>`, or for identifiers without a resettable account a keyed
   * hash, `login:<PiiService.loginPseudonym>` or `nid:<pseudonym>`: what was typed may be a
   * national ID or a password in the wrong box, and the audit table keeps it for good.
   */
  auditTarget: string;
}

/**
 * Enumeration (ASVS 6.3.8) versus "show the account's masked channels": an identifier that
 * matches no resettable account (unknown, pending activation, disabled, or without a verified
 * email or phone) gets look-alike masked channels derived from a keyed hash of the identifier.
 * They are stable (asking twice shows the same), cost the same single look-up as a real account,
 * and the rest of the flow (send, code entry, limits) runs the same states against a challenge that
 * can never succeed. Only the owner, who receives nothing, can tell.
 */
@Injectable()
export class ResetSubjectResolver {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly secrets: ResetSecrets,
    private readonly pii: PiiService,
  ) {}

  async resolve(id: ResetIdentifier): Promise<ResetSubject> {
    const found =
      id.kind === 'username'
        ? await this.accounts.findByLogin(id.value)
        : await this.accounts.findByNationalId(id.value);
    const key = identifierKey(id);
    if (found && isResettable(found)) {
      return {
        account: found,
        subject: found.username!,
        channels: verifiedChannels(found),
        auditTarget: `account:${found.sub}`,
      };
    }
    const pseudonym = this.secrets.pseudonym(key);
    return {
      account: null,
      subject: id.kind === 'username' ? `u-${pseudonym}` : `nid-${pseudonym}`,
      channels: lookAlikeChannels(this.secrets.lookAlikeBytes(key)),
      // The same pseudonym as failed logins of that name, so the helpdesk can follow one name.
      auditTarget: id.kind === 'username' ? `login:${this.pii.loginPseudonym(id.value)}` : `nid:${pseudonym}`,
    };
  }
}

/**
 * Active accounts, and accounts the brute-force guard locked (a reset through a verified channel
 * is how their owner gets back in). Pending accounts activate instead; disabled ones stay disabled.
 */
export function isResettable(account: AccountEntity): boolean {
  return (
    (account.status === 'active' || account.status === 'locked') &&
    account.username !== null &&
    verifiedChannels(account).length > 0
  );
}

/** Verified channels only, email first; SMS only to a mobile number (its mask is then `09**-***-678`). */
export function verifiedChannels(account: AccountEntity): ResetChannelOption[] {
  const out: ResetChannelOption[] = [];
  if (channelAddress(account, 'email')) out.push({ kind: 'email', masked: maskEmail(account.email!) });
  if (channelAddress(account, 'sms')) out.push({ kind: 'sms', masked: maskPhone(account.phone!) });
  return out;
}

/** The address of a verified channel, or null. */
export function channelAddress(account: AccountEntity, kind: ResetChannelKind): string | null {
  if (kind === 'email') return account.email && account.emailVerified ? account.email : null;
  return account.phone && account.phoneVerified && isMobileNumber(account.phone) ? account.phone : null;
}
