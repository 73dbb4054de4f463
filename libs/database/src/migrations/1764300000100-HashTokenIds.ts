import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refresh tokens are now stored under base64url(SHA-256(token)) and without the `jti` copy of the
 * value (libs/oidc, adapter/artifact-store.ts), so a read of oidc_artifacts yields no working
 * token. Existing rows are converted in place and keep working. Redis holds only short-lived
 * artifacts: access tokens and codes issued before the upgrade stop working (RPs refresh).
 */
export class HashTokenIds1764300000100 implements MigrationInterface {
  name = 'HashTokenIds1764300000100';

  async up(q: QueryRunner): Promise<void> {
    // TO_BASE64 of 32 bytes is one 44-character line; base64url drops the padding.
    await q.query(`
      UPDATE oidc_artifacts
      SET id = REPLACE(REPLACE(REPLACE(TO_BASE64(UNHEX(SHA2(id, 256))), '+', '-'), '/', '_'), '=', ''),
          payload = JSON_REMOVE(payload, '$.jti')
      WHERE model = 'RefreshToken'`);
  }

  async down(): Promise<void> {
    // A hash cannot be turned back into the token: the rows stay as they are.
  }
}
