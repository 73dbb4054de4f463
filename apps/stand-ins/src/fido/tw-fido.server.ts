import { createHmac, randomBytes, randomUUID, webcrypto } from 'node:crypto';
import type { Server } from 'node:http';
import { fidoChecksum, hashedIdNum, verifyFidoChecksum } from '#certificate-auth';
import { json, serve, type Reply } from '../http-kit.js';
import type { HolderCredential, TestPki } from '../pki/test-pki.js';
import { phonePage } from './phone-page.js';

type Tamper = 'idp_checksum' | 'hashed_id_num' | null;

interface Transaction {
  transactionId: string;
  spTicketId: string;
  idNum: string;
  opMode: string;
  signData: string;
  status: 'pending' | 'approved' | 'refused' | 'expired';
  verifyMethod: string;
  tamper: Tamper;
  expiresAt: number;
  createdAt: number;
}

/**
 * TEST ONLY: TW FidO's SP interface (`/moise/sp/*`) with real tickets and checksums. Every ID
 * has a "bound phone" (a key and a MOICA-like certificate from the test PKI, made on first use);
 * a test or a developer approves or refuses pending transactions as the phone would, through
 * `/control/*` or the small page at `/phone`.
 */
export class TwFidoStandIn {
  private readonly transactions = new Map<string, Transaction>();
  private readonly phones = new Map<string, HolderCredential>();
  private readonly ticketKey = randomBytes(32);

  constructor(
    private readonly pki: TestPki,
    private readonly spServiceId: string,
    private readonly spKey: Buffer,
  ) {}

  server(): Server {
    return serve('tw-fido', {
      'POST /moise/sp/getSpTicket': (_req, body) => this.start(body, 'ticket'),
      'POST /moise/sp/requestAthOrSignPush': (_req, body) => this.start(body, 'push'),
      'POST /moise/sp/getAthOrSignResult': (_req, body) => this.result(body),
      'GET /control/transactions': (_req, _b, url) => json(this.pending(url.searchParams.get('id_num'))),
      'POST /control/approve': (_req, body) => this.decide(body, 'approved'),
      'POST /control/refuse': (_req, body) => this.decide(body, 'refused'),
      'POST /control/expire': (_req, body) => this.decide(body, 'expired'),
      'GET /phone': () => ({ type: 'text/html; charset=utf-8', body: phonePage(this.pending(null)) }),
      'POST /phone': async (_req, body) => {
        const form = new URLSearchParams(body.toString());
        const status = form.get('decision') === 'refuse' ? 'refused' : 'approved';
        await this.decide(
          Buffer.from(JSON.stringify({ sp_ticket_id: form.get('sp_ticket_id'), verify_method: 'fpt' })),
          status,
        );
        return { status: 303, body: '', headers: { location: '/phone' } };
      },
    });
  }

  private pending(idNum: string | null) {
    return [...this.transactions.values()]
      .filter((t) => t.status === 'pending' && (!idNum || t.idNum === idNum))
      .map((t) => ({
        transaction_id: t.transactionId,
        sp_ticket_id: t.spTicketId,
        op_mode: t.opMode,
        id_masked: `${t.idNum.slice(0, 2)}*****${t.idNum.slice(7)}`,
      }));
  }

  private envelope(
    error_code: string,
    result: Record<string, unknown> | null = null,
    error_message = '',
  ): Reply {
    return json({ error_code, error_message, result });
  }

  private start(body: Buffer, kind: 'ticket' | 'push'): Reply {
    const r = JSON.parse(body.toString() || '{}') as Record<string, unknown>;
    const s = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : '');
    const sign = (r.sign_info ?? {}) as Record<string, unknown>;
    const signData = typeof sign.sign_data === 'string' ? sign.sign_data : '';
    const fields = [
      s('transaction_id'),
      s('sp_service_id'),
      s('id_num'),
      s('op_code'),
      s('op_mode'),
      s('hint'),
      signData,
    ];
    if (s('sp_service_id') !== this.spServiceId) return this.envelope('SP-API-ATH-01-INV_SP_SERVICE_ID');
    if (!verifyFidoChecksum(r.sp_checksum, fields, this.spKey))
      return this.envelope('SP-API-ATH-01-INV_SP_CHECKSUM');
    if (!/^[A-Z][0-9A-D]\d{8}$/.test(s('id_num'))) return this.envelope('SP-API-ATH-01-INV_ID_NUM');
    const limit = Math.min(600, Math.max(30, Number(s('time_limit')) || 120));
    const t: Transaction = {
      transactionId: s('transaction_id'),
      spTicketId: randomUUID(),
      idNum: s('id_num'),
      opMode: kind === 'push' ? 'PUSH' : s('op_mode'),
      signData,
      status: 'pending',
      verifyMethod: 'pin',
      tamper: null,
      expiresAt: Date.now() + limit * 1000,
      createdAt: Date.now(),
    };
    this.transactions.set(t.spTicketId, t);
    const payload = Buffer.from(
      JSON.stringify({
        transaction_id: t.transactionId,
        op_code: s('op_code'),
        op_mode: s('op_mode'),
        sp_service_id: this.spServiceId,
        sp_ticket_id: t.spTicketId,
        sp_name: 'edu-sso (stand-in)',
        hint: s('hint'),
        expiration_time: new Date(t.expiresAt).toISOString(),
        hashed_id_num: hashedIdNum(t.idNum),
      }),
    ).toString('base64url');
    const spTicket = `${payload}.${createHmac('sha256', this.ticketKey).update(payload).digest('base64url')}`;
    return this.envelope('0', {
      sp_ticket: spTicket,
      idp_checksum: fidoChecksum([t.transactionId, spTicket], this.spKey),
    });
  }

  private async result(body: Buffer): Promise<Reply> {
    const r = JSON.parse(body.toString() || '{}') as Record<string, unknown>;
    const s = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : '');
    if (
      !verifyFidoChecksum(
        r.sp_checksum,
        [s('transaction_id'), s('sp_service_id'), s('sp_ticket_id')],
        this.spKey,
      )
    )
      return this.envelope('SP-API-ATH-02-INV_SP_CHECKSUM');
    const t = this.transactions.get(s('sp_ticket_id'));
    if (!t || t.transactionId !== s('transaction_id'))
      return this.envelope('SP-API-ATH-02-SPTKTID_TXNLOG_NF');
    if (t.status === 'pending' && Date.now() > t.expiresAt) t.status = 'expired';
    if (t.status === 'pending') return this.envelope('20002', null, 'pending');
    if (t.status === 'refused') return this.envelope('SP-API-ATH-05-USER_REJECT');
    if (t.status === 'expired') return this.envelope('SP-API-ATH-05-TXN_EXPIRED');
    const phone = await this.phone(t.idNum);
    const signature = await webcrypto.subtle.sign(
      'RSASSA-PKCS1-v1_5',
      phone.keys.privateKey,
      Buffer.from(t.signData, 'utf8'),
    );
    const hashed = hashedIdNum(t.tamper === 'hashed_id_num' ? otherId(t.idNum) : t.idNum);
    const signedResponse = Buffer.from(signature).toString('base64');
    const key = t.tamper === 'idp_checksum' ? randomBytes(32) : this.spKey;
    this.transactions.delete(t.spTicketId); // a result is handed out once
    return this.envelope('0', {
      hashed_id_num: hashed,
      signed_response: signedResponse,
      cert: phone.cert.toString('base64'),
      verify_method: t.verifyMethod,
      idp_checksum: fidoChecksum([t.transactionId, hashed, signedResponse], key),
    });
  }

  private async decide(body: Buffer, status: Transaction['status']): Promise<Reply> {
    const r = JSON.parse(body.toString() || '{}') as Record<string, unknown>;
    const matching = [...this.transactions.values()].filter(
      (t) => t.status === 'pending' && (t.spTicketId === r.sp_ticket_id || t.idNum === r.id_num),
    );
    for (const t of matching) {
      t.status = status;
      if (typeof r.verify_method === 'string') t.verifyMethod = r.verify_method;
      if (r.tamper === 'idp_checksum' || r.tamper === 'hashed_id_num') t.tamper = r.tamper;
    }
    return json({ decided: matching.length });
  }

  private async phone(idNum: string): Promise<HolderCredential> {
    let p = this.phones.get(idNum);
    if (!p) {
      p = await this.pki.issueHolder({ name: '行動自然人憑證持有人', idDigits: idNum.slice(-4) });
      this.phones.set(idNum, p);
    }
    return p;
  }
}

/** Another well-formed ID (for the "hashed_id_num of another person" case). */
function otherId(idNum: string): string {
  return idNum.startsWith('A') ? `B${idNum.slice(1)}` : `A${idNum.slice(1)}`;
}
