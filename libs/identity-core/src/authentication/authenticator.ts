import type { AccountEntity } from '../entities/account.entity.js';

/** Where an attempt comes from; used for rate limiting and audit, never for a decision on its own. */
export interface AuthContext {
  ip: string | null;
  userAgent: string | null;
  /** A captcha was solved for this attempt (see AttemptGate: it lifts the account-wide wait). */
  captchaSolved?: boolean;
  /** The page's language, for what a method sends (an SMS code); zh-TW when absent. */
  locale?: 'zh-TW' | 'en';
  /**
   * The login this step belongs to (the idp's interaction uid), opaque to methods: one that sends
   * the browser to another site (a county) keeps it to route the browser back to this login.
   */
  loginId?: string;
}

/**
 * What the password check answers (PasswordAuthenticator.verify; as a sign-in method its
 * `complete` turns it into a SignInOutcome). Failures carry a reason the app maps to a message; unknown
 * account and wrong secret are both `invalid_credentials`. `account_disabled` is only returned
 * once the secret was proven, so it reveals nothing to someone who does not know it.
 */
export type AuthResult =
  | { status: 'success'; account: AccountEntity; amr: string[] }
  | {
      status: 'failure';
      reason: 'invalid_credentials' | 'locked' | 'rate_limited' | 'account_disabled';
      /** Seconds until another attempt can succeed; absent when there is no wait or the lock is permanent. */
      retryAfterSeconds?: number;
      /**
       * After a wrong secret: failures still allowed before a wait starts (the same for an unknown
       * account, whose counters work alike), so the page can warn before it happens.
       */
      attemptsLeft?: number;
    };
