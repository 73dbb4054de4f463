import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '#test-support';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url)); // dist/apps/idp/test → repo root

/** The stand-ins' SP credentials in tests (the idp gets the same). */
export const FIDO_SP_SERVICE_ID = 'edu-sso-test-sp';
export const FIDO_SP_KEY = Buffer.alloc(32, 9).toString('base64');

export interface CardInfo {
  serialNumber: string;
  pin: string;
  certSerial: string;
  certificate: string;
}

/**
 * The certificate logins' outside services as one child process (apps/stand-ins): the test PKI
 * (OCSP, CRL), the HiPKI component, TW FidO; `idpEnv` is what the idp needs to use them.
 */
export class StandIns {
  child!: ChildProcess;
  pkiUrl!: string;
  hipkiUrl!: string;
  fidoUrl!: string;
  trustAnchors!: string;
  private dir!: string;

  async start(): Promise<this> {
    this.dir = mkdtempSync(join(tmpdir(), 'edu-sso-standins-'));
    const [pki, hipki, fido] = [await freePort(), await freePort(), await freePort()];
    this.child = spawn(process.execPath, [`${ROOT}dist/apps/stand-ins/src/main.js`], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        STANDINS_DIR: this.dir,
        STANDIN_PKI_PORT: String(pki),
        STANDIN_HIPKI_PORT: String(hipki),
        STANDIN_FIDO_PORT: String(fido),
        FIDO_SP_SERVICE_ID,
        FIDO_SP_KEY,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    this.child.stderr!.on('data', (d) => (out += d));
    const ready = await new Promise<Record<string, string>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stand-ins did not start:\n${out}`)), 60_000);
      this.child.stdout!.on('data', (d) => {
        out += d;
        const line = out.split('\n').find((l) => l.includes('stand-ins ready'));
        if (line) {
          clearTimeout(timer);
          resolve(JSON.parse(line) as Record<string, string>);
        }
      });
      this.child.once('exit', (code) => reject(new Error(`stand-ins exited with ${code}:\n${out}`)));
    });
    this.pkiUrl = ready.pkiUrl!;
    // The page reaches the component as real pages do, on localhost.
    this.hipkiUrl = `http://127.0.0.1:${hipki}`;
    this.fidoUrl = ready.fidoUrl!;
    this.trustAnchors = ready.trustAnchors!;
    return this;
  }

  idpEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      HIPKI_URL: this.hipkiUrl,
      CERT_TRUST_ANCHORS: this.trustAnchors,
      FIDO_BASE_URL: this.fidoUrl,
      FIDO_SP_SERVICE_ID,
      FIDO_SP_KEY,
      ...extra,
    };
  }

  async stop() {
    this.child?.kill('SIGTERM');
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  /** A new card in the reader: a holder certificate from the test PKI. */
  card(req: {
    name: string;
    idDigits: string;
    variant?: 'valid' | 'expired' | 'untrusted';
    ocsp?: boolean;
    pin?: string;
  }) {
    return this.post<CardInfo>(`${this.hipkiUrl}/control/cards`, req);
  }

  insert(serialNumber: string) {
    return this.post(`${this.hipkiUrl}/control/insert`, { serialNumber });
  }

  eject() {
    return this.post(`${this.hipkiUrl}/control/eject`, {});
  }

  revoke(serial: string) {
    return this.post(`${this.pkiUrl}/control/revoke`, { serial });
  }

  ocspDown(down: boolean) {
    return this.post(`${this.pkiUrl}/control/ocsp`, { down });
  }

  /** The phone's answer to the pending TW FidO transactions of an ID. */
  phone(
    decision: 'approve' | 'refuse' | 'expire',
    body: { id_num: string; verify_method?: string; tamper?: 'idp_checksum' | 'hashed_id_num' },
  ) {
    return this.post<{ decided: number }>(`${this.fidoUrl}/control/${decision}`, body);
  }

  async pending(idNum: string): Promise<{ sp_ticket_id: string; op_mode: string }[]> {
    const r = await fetch(`${this.fidoUrl}/control/transactions?id_num=${encodeURIComponent(idNum)}`);
    return (await r.json()) as { sp_ticket_id: string; op_mode: string }[];
  }

  private async post<T = unknown>(url: string, body: unknown): Promise<T> {
    const r = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  }
}
