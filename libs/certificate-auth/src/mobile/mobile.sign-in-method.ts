import { createPublicKey, randomBytes, verify as verifySignature } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import * as x509 from '@peculiar/x509';
import QRCode from 'qrcode';
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
  type AuthContext,
  type FactorKind,
  type LocalizedText,
  type MethodState,
  type SignInMethod,
  type SignInOutcome,
  type SignInSituation,
  type SignInStep,
} from '#identity-core';
import {
  CERTIFICATE_AUTH_OPTIONS,
  type ResolvedCertificateAuthOptions,
} from '../certificate-auth.options.js';
import { TrustStore } from '../x509/trust-store.js';
import { hashedIdNum } from './fido-checksum.js';
import { FidoPolls, POLL_SECONDS } from './fido-polls.js';
import { MOBILE_PROBLEM_TEXT, type MobileProblem } from './mobile.texts.js';
import { TwFidoClient, type FidoResult, type FidoTicket } from './tw-fido.client.js';

export const MOBILE_METHOD = 'moica-app';
const ID_STEP = 'id';
const WAIT_STEP = 'wait';
const HINT = '教育雲端帳號登入';

type Tx = { tx: string; ticket: string };

/**
 * 行動自然人APP登入 through TW FidO: the ID number (and the captcha), then a push to the holder's
 * bound phone and, as the deck's fallback, an I-SCAN ticket shown as a QR code; the waiting page
 * asks the service no faster than every 4 s until the holder approves, refuses, or time runs out.
 * An approval counts only when its `idp_checksum` verifies, its `hashed_id_num` is the hash of the
 * ID typed, and the app's signature over our challenge verifies with a certificate that chains to
 * MOICA. The ID is kept in the step's state encrypted with the PII key.
 */
@Injectable()
export class MobileSignInMethod implements SignInMethod {
  readonly id = MOBILE_METHOD;
  readonly amr = ['swk'];
  readonly factor = 'possession';
  readonly factors = ['possession', 'inherence'] as const;
  readonly stages = ['first'] as const;
  readonly presentation = {
    order: SIGN_IN_ORDER.mobileCitizenCertificate,
    label: { 'zh-TW': '行動自然人APP登入', en: 'Sign in with the mobile citizen certificate app' },
  };
  private readonly trust: TrustStore | null;

  constructor(
    @Inject(CERTIFICATE_AUTH_OPTIONS) private readonly options: ResolvedCertificateAuthOptions,
    private readonly fido: TwFidoClient,
    private readonly polls: FidoPolls,
    private readonly accounts: AccountRepository,
    private readonly gate: AttemptGate,
    private readonly audit: AuditService,
    private readonly pii: PiiService,
    private readonly clock: Clock,
  ) {
    this.trust = options.mobile ? new TrustStore(options.mobile.trustAnchorsPem) : null;
  }

  availableFor(situation: SignInSituation): boolean {
    return this.options.mobile !== null && situation.account === null;
  }

  async begin(): Promise<SignInOutcome> {
    return this.idForm();
  }

  async complete(step: SignInStep, _situation: SignInSituation, ctx: AuthContext): Promise<SignInOutcome> {
    if (step.step === WAIT_STEP && step.state) return this.poll(step.state, ctx);
    if (step.step !== ID_STEP) return this.idForm();
    const id = parseNationalId(step.form.nationalId ?? '');
    if (!id.ok) return this.idForm(MOBILE_PROBLEM_TEXT.id_invalid);
    const m = this.options.mobile!;
    const signData = randomBytes(32).toString('base64url');
    const req = { idNum: id.value, hint: HINT, timeLimitSeconds: m.timeLimitSeconds, signData };
    // The push reaches a bound phone; the QR code serves a phone that is not (or a push that got lost).
    const [push, qr] = await Promise.all([
      this.fido.start({ ...req, mode: 'push' }).catch(() => null),
      this.fido.start({ ...req, mode: 'I-SCAN' }).catch(() => null),
    ]);
    if (!push && !qr) {
      await this.record(ctx, 'anonymous', 'failure', { reason: 'unavailable' });
      return this.idForm(MOBILE_PROBLEM_TEXT.unavailable);
    }
    const state: MethodState = {
      id: this.pii.encrypt(id.value),
      signData,
      deadline: this.clock.now().getTime() + m.timeLimitSeconds * 1000,
      push: push ? { tx: push.transactionId, ticket: push.spTicketId } : null,
      qr: qr ? { tx: qr.transactionId, ticket: qr.spTicketId, sp: qr.spTicket } : null,
    };
    return this.waiting(state);
  }

  private async poll(state: MethodState, ctx: AuthContext): Promise<SignInOutcome> {
    if (this.clock.now().getTime() > Number(state.deadline)) return this.refuse(ctx, null, 'expired');
    for (const which of ['push', 'qr'] as const) {
      const t = state[which] as Tx | null;
      if (!t || !(await this.polls.mayPoll(t.tx).catch(() => false))) continue;
      let r: FidoResult;
      try {
        r = await this.fido.result({ transactionId: t.tx, spTicketId: t.ticket });
      } catch {
        continue; // the service is down for a moment: keep waiting until the deadline
      }
      if (r.kind === 'pending') continue;
      if (r.kind !== 'done') return this.refuse(ctx, null, r.kind, { code: r.code });
      return this.approved(state, r, ctx);
    }
    return this.waiting(state);
  }

  private async approved(
    state: MethodState,
    r: Extract<FidoResult, { kind: 'done' }>,
    ctx: AuthContext,
  ): Promise<SignInOutcome> {
    const idNum = this.pii.decrypt(String(state.id));
    const account = await io(() => this.accounts.findByNationalId(idNum));
    const pseudonym = this.pii.loginPseudonym(`nid:${idNum}`);
    const target = account ? `account:${account.sub}` : `login:${pseudonym}`;
    const attempt = await io(() =>
      this.gate.begin({
        factor: MOBILE_METHOD,
        subject: account ? accountSubject(account.id) : loginSubject(pseudonym),
        ip: ctx.ip,
        captchaSolved: ctx.captchaSolved === true,
      }),
    );
    if (!attempt.allowed) return this.refuse(ctx, target, 'rate_limited');
    const problem: MobileProblem | null = !r.checksumOk
      ? 'bad_checksum'
      : r.hashedIdNum.toLowerCase() !== hashedIdNum(idNum)
        ? 'id_mismatch'
        : !(await this.signatureVerifies(String(state.signData), r))
          ? 'bad_signature'
          : !account
            ? 'not_for_account'
            : null;
    if (problem || !account) {
      await io(() => attempt.fail());
      return this.refuse(ctx, target, problem ?? 'not_for_account', account ? {} : { unknownAccount: true });
    }
    await io(() => attempt.succeed());
    if (!canLogin(account.status)) {
      await this.record(ctx, target, 'failure', { reason: 'account_disabled' });
      return { kind: 'rejected', reason: 'account_disabled' };
    }
    const biometric = r.verifyMethod === 'face' || r.verifyMethod === 'fpt' ? r.verifyMethod : null;
    const factors: FactorKind[] = ['possession', biometric ? 'inherence' : 'knowledge'];
    await this.record(ctx, target, 'success', { verifyMethod: r.verifyMethod });
    return { kind: 'identified', account, amr: ['swk', biometric ?? 'user'], factors };
  }

  /** The app's PKCS#1 signature over our challenge, by a certificate that chains to MOICA and is valid now. */
  private async signatureVerifies(signData: string, r: { signedResponse: string; cert: string }) {
    try {
      const cert = new x509.X509Certificate(Buffer.from(r.cert, 'base64'));
      const now = this.clock.now();
      if (cert.notBefore > now || cert.notAfter < now) return false;
      await this.trust!.chain(cert, now);
      const key = createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: 'der', type: 'spki' });
      return verifySignature(
        'sha256',
        Buffer.from(signData, 'utf8'),
        key,
        Buffer.from(r.signedResponse, 'base64'),
      );
    } catch {
      return false;
    }
  }

  private async refuse(
    ctx: AuthContext,
    target: string | null,
    problem: MobileProblem,
    details: Record<string, unknown> = {},
  ): Promise<SignInOutcome> {
    await this.record(ctx, target ?? 'anonymous', 'failure', { reason: problem, ...details });
    return this.idForm(MOBILE_PROBLEM_TEXT[problem]);
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
        action: 'login.mobile_certificate',
        target: target === 'anonymous' ? null : target,
        result,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details,
      }),
    );
  }

  private idForm(error?: LocalizedText): SignInOutcome {
    return {
      kind: 'challenge',
      step: ID_STEP,
      state: {},
      view: {
        kind: 'form',
        title: { 'zh-TW': '行動自然人APP登入', en: 'Sign in with the mobile citizen certificate app' },
        lead: {
          'zh-TW': '輸入身分證字號後，請在手機的「行動自然人憑證」App 中確認登入。',
          en: 'Enter your ID number, then confirm the sign-in in the Mobile Citizen Certificate app on your phone.',
        },
        fields: [
          {
            name: 'nationalId',
            label: { 'zh-TW': '身分證字號 / 居留證號', en: 'National ID / resident certificate number' },
            autocomplete: 'off',
          },
        ],
        captcha: true,
        submit: { 'zh-TW': '下一步', en: 'Next' },
        ...(error ? { error } : {}),
      },
    };
  }

  private async waiting(state: MethodState): Promise<SignInOutcome> {
    const qr = state.qr as (Tx & { sp: string }) | null;
    const image = qr
      ? {
          src: await QRCode.toDataURL(qr.sp, { errorCorrectionLevel: 'L', margin: 2, scale: 4 }),
          alt: { 'zh-TW': '以行動自然人憑證 App 掃描此 QR Code', en: 'Scan this QR code with the app' },
        }
      : undefined;
    return {
      kind: 'challenge',
      step: WAIT_STEP,
      state,
      view: {
        kind: 'form',
        title: { 'zh-TW': '請在手機上確認登入', en: 'Confirm the sign-in on your phone' },
        notice: state.push
          ? {
              'zh-TW':
                '已推播通知到您綁定的手機，請開啟「行動自然人憑證」App 確認。沒有收到通知？請用 App 掃描下方 QR Code。',
              en: 'A notification was sent to your bound phone: open the Mobile Citizen Certificate app to confirm. No notification? Scan the QR code below with the app.',
            }
          : {
              'zh-TW': '請用「行動自然人憑證」App 掃描下方 QR Code 並確認。',
              en: 'Scan the QR code below with the Mobile Citizen Certificate app and confirm.',
            },
        fields: [],
        ...(image ? { image } : {}),
        pollSeconds: POLL_SECONDS,
        script: { name: 'fido-wait', data: { pollSeconds: String(POLL_SECONDS) } },
        submit: { 'zh-TW': '我已在手機上確認', en: 'I have confirmed on my phone' },
      },
    };
  }
}

async function io<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw e instanceof TemporarilyUnavailable ? e : new TemporarilyUnavailable(e);
  }
}

export type { FidoTicket };
