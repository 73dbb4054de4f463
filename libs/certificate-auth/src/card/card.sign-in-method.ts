import { Inject, Injectable } from '@nestjs/common';
import {
  AccountRepository,
  AttemptGate,
  AuditService,
  Clock,
  PiiService,
  SIGN_IN_ORDER,
  TemporarilyUnavailable,
  accountSubject,
  canLogin,
  loginSubject,
  parseNationalId,
  type AccountEntity,
  type AuthContext,
  type LocalizedText,
  type MethodView,
  type SignInMethod,
  type SignInOutcome,
  type SignInSituation,
  type SignInStep,
} from '#identity-core';
import { CertificateBindingRepository } from '../bindings/certificate-binding.repository.js';
import {
  CERTIFICATE_AUTH_OPTIONS,
  type ResolvedCertificateAuthOptions,
} from '../certificate-auth.options.js';
import { CertificateRefused, type CertificateProblem } from '../x509/certificate-problem.js';
import { CardSignatureVerifier, type VerifiedCard } from './card-signature.verifier.js';
import { CARD_PROBLEM_TEXT, TOO_MANY } from './card.texts.js';
import { SignNonces } from './sign-nonces.js';

export const CARD_METHOD = 'moica';
const STEP = 'sign';
/** The component's PIN failure as the page reports it: `0x76100006/0xa0`. */
const CARD_ERROR = /^(0x76100006)\/(0x[0-9a-f]{1,8})$/;
/** PKCS#11 CKR_PIN_LOCKED in the component's `last_error`. */
const PIN_LOCKED = 0xa4;
/** Up to 64 characters of what the component reports as the card number. */
const CARD_SERIAL = /^[A-Za-z0-9_-]{1,64}$/;

const fold = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/**
 * 自然人憑證登入: the card signs a one-time server nonce through the HiPKI local component (the
 * page's script, the PIN stays on the card); the server checks the signature, the chain to
 * MOICA, validity, key usage, revocation and the ID digits, then finds the account by the ID's
 * blind index and its certificate binding. Every check that fails counts on the AttemptGate
 * (factor `moica`), except an unreachable revocation service; each refusal answers the same step
 * again with a new nonce and says why, and is audited (`login.certificate`).
 */
@Injectable()
export class CardSignInMethod implements SignInMethod {
  readonly id = CARD_METHOD;
  readonly amr = ['hwk', 'pin', 'sc'];
  readonly factor = 'possession';
  readonly factors = ['possession', 'knowledge'] as const;
  readonly stages = ['first'] as const;
  readonly presentation = {
    order: SIGN_IN_ORDER.citizenCertificate,
    label: { 'zh-TW': '自然人憑證登入', en: 'Sign in with a citizen digital certificate' },
  };

  constructor(
    @Inject(CERTIFICATE_AUTH_OPTIONS) private readonly options: ResolvedCertificateAuthOptions,
    private readonly nonces: SignNonces,
    private readonly verifier: CardSignatureVerifier,
    private readonly bindings: CertificateBindingRepository,
    private readonly accounts: AccountRepository,
    private readonly gate: AttemptGate,
    private readonly audit: AuditService,
    private readonly pii: PiiService,
    private readonly clock: Clock,
  ) {}

  availableFor(situation: SignInSituation): boolean {
    return this.options.card !== null && situation.account === null;
  }

  begin(): Promise<SignInOutcome> {
    return this.challenge();
  }

  async complete(step: SignInStep, _situation: SignInSituation, ctx: AuthContext): Promise<SignInOutcome> {
    if (step.step !== STEP) return this.challenge();
    const form = step.form;
    const cardError = CARD_ERROR.exec(form.cardError ?? '');
    if (cardError && !form.signature) return this.cardRefused(ctx, cardError[1]!, cardError[2]!);
    const id = parseNationalId(form.nationalId ?? '');
    if (!id.ok) return this.challenge(CARD_PROBLEM_TEXT.id_invalid);
    if (!form.signature || !form.certificate) return this.challenge(CARD_PROBLEM_TEXT.incomplete);
    const expected = typeof step.state?.nonce === 'string' ? step.state.nonce : '';

    const account = await io(() => this.accounts.findByNationalId(id.value));
    // Unknown IDs are counted too, under a keyed hash: never what was typed.
    const pseudonym = this.pii.loginPseudonym(`nid:${id.value}`);
    const target = account ? `account:${account.sub}` : `login:${pseudonym}`;
    const attempt = await io(() =>
      this.gate.begin({
        factor: CARD_METHOD,
        subject: account ? accountSubject(account.id) : loginSubject(pseudonym),
        ip: ctx.ip,
        captchaSolved: ctx.captchaSolved === true,
      }),
    );
    if (!attempt.allowed) {
      await this.record(ctx, target, 'failure', { reason: 'rate_limited', scope: attempt.reason });
      return this.challenge(TOO_MANY);
    }

    let card: VerifiedCard;
    try {
      card = await this.verifier.verify(
        {
          signature: form.signature,
          certificate: form.certificate,
          cardSerial: CARD_SERIAL.test(form.cardSN ?? '') ? form.cardSN! : '',
        },
        expected,
      );
    } catch (e) {
      if (!(e instanceof CertificateRefused)) {
        await attempt.abandon().catch(() => undefined);
        throw e instanceof TemporarilyUnavailable ? e : new TemporarilyUnavailable(e);
      }
      // An unreachable revocation service says nothing about the person: nothing is counted.
      if (e.problem === 'revocation_unknown') await attempt.abandon().catch(() => undefined);
      else await io(() => attempt.fail());
      return this.refuse(ctx, target, e.problem, account === null);
    }
    const facts = { issuerKeyId: card.issuerKeyId, serial: card.serial, revocation: card.revocation };
    if (card.idDigits !== id.value.slice(-4)) {
      await io(() => attempt.fail());
      return this.refuse(ctx, target, 'id_mismatch', account === null, facts);
    }

    const binding = account ? await this.bindingFor(account, card) : { kind: 'conflict' as const };
    if (!account || binding.kind === 'conflict') {
      await io(() => attempt.fail());
      return this.refuse(ctx, target, 'not_for_account', account === null, facts);
    }
    await io(() => attempt.succeed());
    const actor = `account:${account.sub}`;
    if (!canLogin(account.status)) {
      await this.record(ctx, actor, 'failure', { reason: 'account_disabled', ...facts });
      return { kind: 'rejected', reason: 'account_disabled' };
    }
    const now = this.clock.now();
    if (binding.kind === 'bound') await this.bindings.touch(binding.binding, now);
    else {
      await this.bindings.bind(
        account.id,
        card,
        now,
        binding.kind === 'renewed' ? binding.previous : undefined,
      );
      await io(() =>
        this.audit.record({
          actor,
          action: binding.kind === 'renewed' ? 'certificate.rebind' : 'certificate.bind',
          target: actor,
          result: 'success',
          ip: ctx.ip,
          userAgent: ctx.userAgent,
          details: {
            ...facts,
            notAfter: card.cert.notAfter.toISOString(),
            ...(binding.kind === 'renewed' ? { replaces: binding.previous.serial } : {}),
          },
        }),
      );
    }
    await this.record(ctx, actor, 'success', { ...facts, binding: binding.kind });
    return { kind: 'identified', account, amr: [...this.amr], factors: [...this.factors] };
  }

  /**
   * The card refused the PIN (the component's code, reported by the page): the card counts its
   * own tries and locks itself, so nothing is counted here; the attempt is audited and the page
   * says what happened. No account is named: the signature that would identify one never came.
   */
  private async cardRefused(ctx: AuthContext, code: string, minor: string): Promise<SignInOutcome> {
    const locked = Number(minor) === PIN_LOCKED;
    await this.record(ctx, 'anonymous', 'failure', {
      reason: locked ? 'card_locked' : 'card_pin_wrong',
      component: `${code}/${minor}`,
    });
    return this.challenge(CARD_PROBLEM_TEXT[locked ? 'card_locked' : 'card_pin_wrong']);
  }

  /**
   * Bound already, first certificate of the account, or a renewed card; a first or renewed one
   * must name the account's holder (the certificate's CN is the holder's name), so that a card
   * whose four digits happen to match cannot bind itself to another person's account.
   */
  private async bindingFor(account: AccountEntity, card: VerifiedCard) {
    const decision = await this.bindings.decide(account.id, card);
    if (decision.kind === 'first' || decision.kind === 'renewed') {
      if (!card.holderName || fold(card.holderName) !== fold(account.displayName ?? ''))
        return { kind: 'conflict' as const };
    }
    return decision;
  }

  private async refuse(
    ctx: AuthContext,
    target: string,
    problem: CertificateProblem | 'not_for_account',
    unknownAccount: boolean,
    facts: Record<string, unknown> = {},
  ): Promise<SignInOutcome> {
    await this.record(ctx, target, 'failure', {
      reason: problem,
      ...facts,
      ...(unknownAccount ? { unknownAccount: true } : {}),
    });
    // Unknown and known IDs read the same: the texts depend on the certificate, not the account.
    // The ID is not kept in the step (it would sit in Redis with the interaction): typed again.
    return this.challenge(CARD_PROBLEM_TEXT[problem]);
  }

  private async record(
    ctx: AuthContext,
    target: string,
    result: 'success' | 'failure',
    details: Record<string, unknown>,
  ) {
    await io(() =>
      this.audit.record({
        actor: result === 'success' ? target : 'anonymous',
        action: 'login.certificate',
        target: target === 'anonymous' ? null : target,
        result,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details,
      }),
    );
  }

  /** The card form with a fresh nonce (a refused answer's nonce is spent or was never this login's). */
  private async challenge(error?: LocalizedText): Promise<SignInOutcome> {
    const card = this.options.card!;
    const nonce = await this.nonces.issue();
    const view: MethodView = {
      kind: 'form',
      title: { 'zh-TW': '自然人憑證登入', en: 'Sign in with your citizen digital certificate' },
      lead: {
        'zh-TW': '請插入您的自然人憑證並輸入PIN碼',
        en: 'Insert your citizen digital certificate card and enter its PIN',
      },
      fields: [
        {
          name: 'nationalId',
          label: { 'zh-TW': '身分證字號 / 居留證號', en: 'National ID / resident certificate number' },
          autocomplete: 'off',
        },
        {
          name: 'pin',
          label: { 'zh-TW': 'PIN碼', en: 'PIN' },
          hint: {
            'zh-TW': '6 到 8 位數字，只送到讀卡機上的卡片',
            en: '6 to 8 digits; it goes to the card only',
          },
          type: 'password',
          inputmode: 'numeric',
          autocomplete: 'off',
          submitted: false,
        },
      ],
      hidden: ['signature', 'certificate', 'cardSN', 'cardError'],
      script: { name: 'certificate-login', data: { hipkiUrl: card.hipkiUrl, nonce } },
      captcha: true,
      reset: { 'zh-TW': '清除', en: 'Clear' },
      submit: { 'zh-TW': '送出', en: 'Submit' },
      links: [
        {
          href: card.installUrl,
          label: {
            'zh-TW': '尚未安裝跨平台網頁元件？請下載安裝',
            en: 'No HiPKI cross-platform component yet? Download and install it',
          },
        },
        { href: card.selfTestUrl, label: { 'zh-TW': '元件自我檢測', en: 'Component self-test' } },
      ],
      ...(error ? { error } : {}),
    };
    return { kind: 'challenge', step: STEP, state: { nonce }, view };
  }
}

async function io<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw e instanceof TemporarilyUnavailable ? e : new TemporarilyUnavailable(e);
  }
}
