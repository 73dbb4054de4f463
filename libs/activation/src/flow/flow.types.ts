import type { ContactChannel } from '../domain/contact.js';

export type FlowLocale = 'zh-TW' | 'en';

/** One email address or mobile number being registered in a flow. */
export interface ContactState {
  value: string;
  verified: boolean;
  /** Codes sent to it in this flow (the code itself lives in VerificationCodes). */
  sends: number;
}

export type Contacts = Partial<Record<ContactChannel, ContactState>>;

/** 啟用教育雲端帳號 in progress: identity proven, then username + password, then contacts. */
export interface ActivationFlow {
  kind: 'activation';
  step: 'credentials' | 'contact' | 'verify' | 'done';
  accountSub: string;
  /**
   * The activation code that proved the identity; consumed when the account is activated. Null
   * when someone else vouched for the identity (a county login): then `via` says who.
   */
  codeId: string | null;
  /** Who vouched instead of a code (`county:kh`), for the audit events. */
  via?: string;
  /** Opaque to this lib: handed back when the account is activated (the county identity to link). */
  link?: unknown;
  name: string;
  username: string | null;
  passwordHash: string | null;
  contacts: Contacts;
}

/** 申請教育雲端帳號 in progress: the form is filled in, its contacts are being verified. */
export interface ApplyFlow {
  kind: 'apply';
  step: 'verify' | 'done';
  nationalId: string;
  name: string;
  birthDate: string;
  locale: FlowLocale;
  ip: string | null;
  contacts: Contacts;
}

export type FlowData = ActivationFlow | ApplyFlow;

export interface Flow<T extends FlowData = FlowData> {
  /** Derived from the token (a hash): Redis key and MAC context, never sent to the browser. */
  id: string;
  data: T;
}
