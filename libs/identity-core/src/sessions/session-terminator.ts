/**
 * Port: ends every sign-in session, grant and refresh token of an account. Features that must
 * sign a user out everywhere (password reset, disabling, admin action) depend on this; the
 * OIDC engine implements it and the app wires the two together.
 */
export abstract class SessionTerminator {
  abstract terminateAll(accountSub: string): Promise<void>;
}
