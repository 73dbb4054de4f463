import { randomUUID } from 'node:crypto';
import { TemporarilyUnavailable } from '#identity-core';
import type { ResolvedCertificateAuthOptions } from '../certificate-auth.options.js';
import { fidoChecksum, verifyFidoChecksum } from './fido-checksum.js';

/** A transaction the service opened: its ticket (the QR code in I-SCAN mode) and its id. */
export interface FidoTicket {
  transactionId: string;
  spTicket: string;
  spTicketId: string;
}

/** What `getAthOrSignResult` answered. */
export type FidoResult =
  | { kind: 'pending' }
  | { kind: 'refused'; code: string }
  | { kind: 'expired'; code: string }
  | { kind: 'failed'; code: string }
  | {
      kind: 'done';
      hashedIdNum: string;
      /** The checksum over the result verified with our SP key. */
      checksumOk: boolean;
      signedResponse: string;
      cert: string;
      /** How the holder unlocked the app, when the service says (`pin`, `face`, `fpt`). */
      verifyMethod: string | null;
    };

export interface FidoRequest {
  idNum: string;
  mode: 'push' | 'I-SCAN';
  hint: string;
  timeLimitSeconds: number;
  /** The challenge the app signs (ATH). */
  signData: string;
}

/** The port to TW FidO (`/moise/sp/*`); HttpTwFidoClient is the production adapter. */
export abstract class TwFidoClient {
  /** `requestAthOrSignPush` (push to the bound phone) or `getSpTicket` in I-SCAN mode. */
  abstract start(req: FidoRequest): Promise<FidoTicket>;
  abstract result(ticket: Pick<FidoTicket, 'transactionId' | 'spTicketId'>): Promise<FidoResult>;
}

const PENDING = new Set(['20002', '20003']);

/** The service's envelope `{error_code, error_message, result}`. */
interface Envelope {
  error_code?: unknown;
  error_message?: unknown;
  result?: Record<string, unknown> | null;
}

/**
 * TW FidO over HTTPS: JSON POSTs to `{FIDO_BASE_URL}/moise/sp/<method>`, each with an
 * `sp_checksum`, 10 s timeout; the `idp_checksum` of every answer is checked with the SP key.
 * Fields of the checksums: README "行動自然人憑證" (which fields the idp_checksum covers is
 * *unconfirmed*). An unreachable service or an unreadable answer is TemporarilyUnavailable.
 */
export class HttpTwFidoClient extends TwFidoClient {
  constructor(private readonly options: ResolvedCertificateAuthOptions) {
    super();
  }

  async start(req: FidoRequest): Promise<FidoTicket> {
    const m = this.options.mobile!;
    const transactionId = randomUUID();
    const opMode = req.mode === 'push' ? 'APP2APP' : 'I-SCAN';
    const body = {
      transaction_id: transactionId,
      sp_service_id: m.spServiceId,
      id_num: req.idNum,
      op_code: 'ATH',
      op_mode: opMode,
      hint: req.hint,
      time_limit: String(req.timeLimitSeconds),
      sign_info: {
        sign_data: req.signData,
        sign_type: 'PKCS#1',
        tbs_encoding: 'base64',
        hash_algorithm: 'SHA256',
      },
      sp_checksum: fidoChecksum(
        [transactionId, m.spServiceId, req.idNum, 'ATH', opMode, req.hint, req.signData],
        m.spKey,
      ),
    };
    const env = await this.post(req.mode === 'push' ? 'requestAthOrSignPush' : 'getSpTicket', body);
    const result = env.result ?? {};
    const spTicket = typeof result.sp_ticket === 'string' ? result.sp_ticket : '';
    if (String(env.error_code) !== '0' || !spTicket)
      throw new TemporarilyUnavailable(new Error(`TW FidO: ${String(env.error_code)}`));
    if (!verifyFidoChecksum(result.idp_checksum, [transactionId, spTicket], m.spKey))
      throw new TemporarilyUnavailable(new Error('TW FidO: idp_checksum of the ticket does not verify'));
    const payload = ticketPayload(spTicket);
    const spTicketId = typeof payload?.sp_ticket_id === 'string' ? payload.sp_ticket_id : '';
    if (!spTicketId || payload?.transaction_id !== transactionId)
      throw new TemporarilyUnavailable(new Error('TW FidO: the ticket is not for this transaction'));
    return { transactionId, spTicket, spTicketId };
  }

  async result(t: Pick<FidoTicket, 'transactionId' | 'spTicketId'>): Promise<FidoResult> {
    const m = this.options.mobile!;
    const env = await this.post('getAthOrSignResult', {
      transaction_id: t.transactionId,
      sp_service_id: m.spServiceId,
      sp_ticket_id: t.spTicketId,
      sp_checksum: fidoChecksum([t.transactionId, m.spServiceId, t.spTicketId], m.spKey),
    });
    const code = String(env.error_code ?? '');
    if (PENDING.has(code) || code.endsWith('SPTKTID_TXNLOG_NF')) return { kind: 'pending' };
    if (code !== '0') {
      if (/REJECT|DENY|REFUSE/i.test(code)) return { kind: 'refused', code };
      if (/EXPIRE|TIMEOUT/i.test(code)) return { kind: 'expired', code };
      return { kind: 'failed', code };
    }
    const r = env.result ?? {};
    const s = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : '');
    const [hashedIdNum, signedResponse, cert] = [s('hashed_id_num'), s('signed_response'), s('cert')];
    return {
      kind: 'done',
      hashedIdNum,
      signedResponse,
      cert,
      checksumOk: verifyFidoChecksum(r.idp_checksum, [t.transactionId, hashedIdNum, signedResponse], m.spKey),
      verifyMethod: s('verify_method') || null,
    };
  }

  private async post(method: string, body: unknown): Promise<Envelope> {
    const url = `${this.options.mobile!.baseUrl.replace(/\/$/, '')}/moise/sp/${method}`;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const env = (await res.json()) as Envelope;
      if (!env || typeof env !== 'object') throw new Error('not an envelope');
      return env;
    } catch (e) {
      throw new TemporarilyUnavailable(e);
    }
  }
}

/** The JSON half of `sp_ticket` (base64url(JSON) "." signature). */
export function ticketPayload(spTicket: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(Buffer.from(spTicket.split('.')[0] ?? '', 'base64url').toString('utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
