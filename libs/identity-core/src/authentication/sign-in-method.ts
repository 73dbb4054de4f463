import type { AccountEntity } from '../entities/account.entity.js';
import type { AuthContext } from './authenticator.js';

/** NIST SP 800-63B factor kinds, plus sign-in vouched for by another identity provider. */
export type FactorKind = 'knowledge' | 'possession' | 'inherence' | 'federated';

/** Where a method may stand in a login: the one that identifies the account, or a further factor. */
export type SignInStage = 'first' | 'second';

/** Text a method brings for the pages, in every language they speak (zh-TW first). */
export interface LocalizedText {
  'zh-TW': string;
  en: string;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
/** What a method keeps between its steps. It is stored with the engine's interaction: keep it small, no secrets in the clear. */
export type MethodState = { [key: string]: JsonValue };

export interface MethodField {
  name: string;
  label: LocalizedText;
  hint?: LocalizedText;
  /** `choice`: one of `options`, drawn as radio buttons (the first is preselected). */
  type?: 'text' | 'password' | 'choice';
  autocomplete?: string;
  inputmode?: 'text' | 'numeric';
  /**
   * The choices: with `type: 'choice'`, radio buttons (the first preselected) and the form's submit;
   * without it, one submit button per option carrying `name=value` (the county list) — a form whose
   * fields are all such choices has no separate submit button.
   */
  options?: { value: string; label: LocalizedText }[];
  /**
   * False for a field the page's script reads and never sends (a card PIN, which goes to the
   * local signing component only): drawn without a `name`, so the form cannot submit it.
   */
  submitted?: boolean;
}

/**
 * A script of the idp that runs a step (the idp maps the name to the file and to what the page's
 * policy must allow, e.g. the local HiPKI component), with the values it reads from the page.
 */
export interface MethodScript {
  name: string;
  data: Readonly<Record<string, string>>;
}

/** What the next step shows: a form the idp draws in its own layout, or a redirect (a county's login page). */
export type MethodView =
  | {
      kind: 'form';
      title: LocalizedText;
      lead?: LocalizedText;
      /** A status line above the form ("a code was sent to 09**-***-123"). */
      notice?: LocalizedText;
      fields: MethodField[];
      submit: LocalizedText;
      /**
       * A second button in the same form ("send a new code"): the form is posted with
       * `name=value` added, so the method tells it from the main submit.
       */
      alternative?: { name: string; value: string; label: LocalizedText };
      /** Why the last answer was refused, shown as the form's error (a method that re-issues its challenge). */
      error?: LocalizedText;
      /** Fields the page's script fills (a signature, a certificate); never typed. */
      hidden?: string[];
      script?: MethodScript;
      /** An image to show (a QR code as a data: URL). */
      image?: { src: string; alt: LocalizedText };
      /** Help links under the form (an installer, a self-test page). */
      links?: { href: string; label: LocalizedText }[];
      /**
       * A waiting step: a GET of the step asks the method (`complete` with an empty form) whether
       * it is done, and the page reloads itself every this many seconds without JavaScript.
       */
      pollSeconds?: number;
      /** The login page's captcha is asked for on this form too. */
      captcha?: boolean;
      /** A button that clears the form (清除). */
      reset?: LocalizedText;
      /**
       * Other origins the form's answer may send the browser to (a county's login page): the idp
       * allows them in the page's CSP `form-action`, which browsers apply to the redirects too.
       */
      redirectsTo?: string[];
    }
  | { kind: 'redirect'; url: string };

export type RejectReason = 'invalid_credentials' | 'locked' | 'rate_limited' | 'account_disabled';

/**
 * A step's answer (Keycloak's success / challenge / failure): the account is known, or the method
 * needs another step (its id, the state to keep, what to show), or it refuses. Unknown account
 * and wrong secret are both `invalid_credentials`; `account_disabled` only once a secret was proven.
 */
export type SignInOutcome =
  | {
      kind: 'identified';
      account: AccountEntity;
      amr: string[];
      /**
       * The factor kinds this one use proved, when more than the method's `factor`: a card with its
       * PIN (possession + knowledge), a phone app unlocked by a fingerprint (possession + inherence).
       */
      factors?: FactorKind[];
    }
  | { kind: 'challenge'; step: string; state: MethodState; view: MethodView }
  | { kind: 'rejected'; reason: RejectReason; retryAfterSeconds?: number; attemptsLeft?: number };

/** The login a method is asked to take part in. */
export interface SignInSituation {
  clientId: string;
  /** The account the earlier factors identified; null while the first factor is still to come. */
  account: AccountEntity | null;
  /** The `amr` values collected so far. */
  amr: readonly string[];
}

export interface SignInStep {
  /** `START_STEP` for the first form of a method without `begin`, else a step id from its challenge. */
  step: string;
  /** The submitted form fields, length-capped strings. */
  form: Readonly<Record<string, string>>;
  /** What the method kept at its last challenge; null at its first step. */
  state: MethodState | null;
}

/** The form of a poll (a GET of a waiting step, see MethodView `pollSeconds`): the method only checks. */
export const POLL_FIELD = '__poll';

/** The step id of a method's first form when it has no `begin` (the password form on the login page). */
export const START_STEP = 'start';

/**
 * The place of each way in on the login page, in the order of the existing service's page:
 * 帳號密碼, 一次性密碼, 縣市帳號, 自然人憑證, 行動自然人憑證 APP. New methods take a number between.
 */
export const SIGN_IN_ORDER = {
  password: 10,
  oneTimePassword: 20,
  countyAccount: 30,
  citizenCertificate: 40,
  mobileCitizenCertificate: 50,
} as const;

/**
 * One way in (Keycloak's Authenticator SPI, logto's verification records): password now; one-time
 * codes, county federation, certificates and passkeys next. A method is an injectable registered
 * with the SignInMethodRegistry (SignInMethodsModule.register); the idp draws it on the login page
 * and runs its steps at `/interaction/:uid/method/:id[/:step]`. Methods never touch the OIDC engine;
 * they throw TemporarilyUnavailable for an outage (nothing counted) and run secrets through the
 * AttemptGate.
 */
export interface SignInMethod {
  /** URL-safe, unique: `pwd`, `otp`, `county`, `moica` … */
  readonly id: string;
  /** RFC 8176 values this method adds to the login's `amr`. */
  readonly amr: readonly string[];
  readonly factor: FactorKind;
  /** Every kind one use of the method can prove (default: `[factor]`); the policy's achievable acr. */
  readonly factors?: readonly FactorKind[];
  readonly stages: readonly SignInStage[];
  /** `order` from SIGN_IN_ORDER; `label` is the login page's link or button. */
  readonly presentation: { order: number; label: LocalizedText };
  /** Which accounts (situation.account, for a further factor) and which interactions (client) it serves. */
  availableFor(situation: SignInSituation): boolean | Promise<boolean>;
  /** The first step when the method has one of its own (show a form, redirect); must not send anything. */
  begin?(situation: SignInSituation, ctx: AuthContext): Promise<SignInOutcome>;
  complete(step: SignInStep, situation: SignInSituation, ctx: AuthContext): Promise<SignInOutcome>;
}
