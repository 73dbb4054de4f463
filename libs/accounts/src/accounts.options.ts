export const ACCOUNTS_OPTIONS = Symbol('ACCOUNTS_OPTIONS');

export interface AccountsOptions {
  /** Redis key prefix of the deployment (known devices). */
  namespace: string;
  /** Key for device ids at rest (HMAC); used only through HKDF. */
  secret: Buffer;
  /** My account's address, for the notices' "sign out everywhere" link. */
  accountUrl: string;
}
