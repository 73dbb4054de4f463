import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { json, serve, type Reply } from '../http-kit.js';
import type { HolderCredential, HolderRequest, TestPki } from '../pki/test-pki.js';
import { jsonBmp } from './bmp.js';
import { cmsSign } from './cms-sign.js';
import { POPUP_FORM } from './popup-form.js';

/** The component's return codes (what real integrations check). */
export const HIPKI = {
  ok: 0,
  noCard: 0x76000006,
  pinFailure: 0x76100006,
  untrustedSite: 0x76000031,
  badRequest: 0x76000001,
} as const;
/** PKCS#11 minor codes in `last_error` after a PIN failure. */
export const PIN_INCORRECT = 0xa0;
export const PIN_LOCKED = 0xa4;
const TRIES = 3;

interface SoftToken {
  serialNumber: string;
  pin: string;
  triesLeft: number;
  holder: HolderCredential;
}

/**
 * TEST ONLY: the HiPKI local component (跨平台網頁元件) as real integrations see it, holding
 * software tokens instead of cards. Its API (/pkcs11info, /sign) sends no CORS headers, like the
 * real one, so pages must use the /popupForm popup and postMessage; /p11Image.bmp (card
 * detection) allows cross-origin reads. One reader: the last card inserted is in it. A card locks
 * after 3 wrong PINs. `POST /control/cards` makes and inserts a card (tests, `npm start`).
 */
export class HipkiStandIn {
  private readonly cards = new Map<string, SoftToken>();
  private inserted: string | null = null;

  constructor(private readonly pki: TestPki) {}

  server(): Server {
    return serve('hipki', {
      'GET /popupForm': () => ({ type: 'text/html; charset=utf-8', body: POPUP_FORM }),
      'GET /p11Image.bmp': () => ({
        type: 'image/bmp',
        body: jsonBmp(JSON.stringify(this.info(false))),
        headers: { 'access-control-allow-origin': '*', 'cache-control': 'no-store' },
      }),
      'POST /pkcs11info': (_req, _body, url) => json(this.info(url.searchParams.get('withcert') === 'true')),
      'POST /sign': (_req, body) => this.sign(body),
      'GET /addDomain': () => json({ ret_code: HIPKI.ok }),
      'POST /control/cards': async (_req, body) =>
        json(await this.makeCard(JSON.parse(body.toString() || '{}'))),
      'POST /control/eject': () => {
        this.inserted = null;
        return json({ ok: true });
      },
      'POST /control/insert': (_req, body) => {
        const sn = String(JSON.parse(body.toString() || '{}').serialNumber ?? '');
        if (!this.cards.has(sn)) return json({ error: 'no such card' }, 404);
        this.inserted = sn;
        return json({ ok: true });
      },
    });
  }

  /** A new card with a holder certificate from the test PKI, inserted in the reader. */
  async makeCard(req: HolderRequest & { pin?: string }) {
    const holder = await this.pki.issueHolder(req);
    const serialNumber = `TP${randomBytes(7).toString('hex').toUpperCase()}`;
    const pin = req.pin ?? '123456';
    this.cards.set(serialNumber, { serialNumber, pin, triesLeft: TRIES, holder });
    this.inserted = serialNumber;
    return {
      serialNumber,
      pin,
      certSerial: holder.cert.serialNumber,
      certificate: holder.cert.toString('base64'),
    };
  }

  private current(): SoftToken | null {
    return this.inserted ? (this.cards.get(this.inserted) ?? null) : null;
  }

  private info(withCert: boolean) {
    const card = this.current();
    if (!card) return { ret_code: HIPKI.noCard, slots: [] };
    return {
      ret_code: HIPKI.ok,
      slots: [
        {
          slotDescription: 'Stand-in Smart Card Reader 0',
          token: {
            serialNumber: card.serialNumber,
            certs: withCert
              ? [
                  {
                    certb64: card.holder.cert.toString('base64'),
                    label: 'SIGN',
                    usage: 'digitalSignature',
                    sn: card.holder.cert.serialNumber,
                    subjectDN: card.holder.cert.subject,
                    issuerDN: card.holder.cert.issuer,
                  },
                ]
              : [],
          },
        },
      ],
    };
  }

  private async sign(body: Buffer): Promise<Reply> {
    const fail = (ret_code: number, last_error = 0) => json({ ret_code, last_error, func: 'sign' });
    let pkg: Record<string, unknown>;
    try {
      pkg = JSON.parse(new URLSearchParams(body.toString()).get('tbsPackage') ?? '') as Record<
        string,
        unknown
      >;
    } catch {
      return fail(HIPKI.badRequest);
    }
    if (pkg.func !== 'MakeSignature' || typeof pkg.tbs !== 'string') return fail(HIPKI.badRequest);
    const card = this.current();
    if (!card) return fail(HIPKI.noCard);
    if (card.triesLeft <= 0) return fail(HIPKI.pinFailure, PIN_LOCKED);
    if (pkg.pin !== card.pin) {
      card.triesLeft--;
      return fail(HIPKI.pinFailure, card.triesLeft <= 0 ? PIN_LOCKED : PIN_INCORRECT);
    }
    card.triesLeft = TRIES;
    const tbs = pkg.tbsEncoding === 'base64' ? Buffer.from(pkg.tbs, 'base64') : Buffer.from(pkg.tbs, 'utf8');
    const signature = await cmsSign(
      tbs,
      card.holder,
      pkg.withCardSN === 'true' || pkg.withCardSN === true ? card.serialNumber : null,
    );
    return json({
      ret_code: HIPKI.ok,
      last_error: 0,
      func: 'sign',
      signature: signature.toString('base64'),
      certb64: card.holder.cert.toString('base64'),
      cardSN: card.serialNumber,
    });
  }
}
