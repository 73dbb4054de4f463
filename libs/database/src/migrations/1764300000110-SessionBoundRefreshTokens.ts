import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refresh tokens without offline_access now end with the browser session (expiresWithSession in
 * libs/oidc/src/provider.factory.ts). Those issued before were marked as outliving it, and every
 * rotation copies the mark, so they would have escaped logout until their grant expired: mark them
 * session-bound too. Their session is still in Redis, so they keep working until it ends.
 */
export class SessionBoundRefreshTokens1764300000110 implements MigrationInterface {
  name = 'SessionBoundRefreshTokens1764300000110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE oidc_artifacts
      SET payload = JSON_MERGE_PATCH(payload, '{"expiresWithSession": true}')
      WHERE model = 'RefreshToken'
        AND CONCAT(' ', COALESCE(JSON_UNQUOTE(JSON_EXTRACT(payload, '$.scope')), ''), ' ')
            NOT LIKE '% offline\\_access %'`);
  }

  async down(): Promise<void> {
    // Which tokens were marked here is not recorded; marking them is what the code expects anyway.
  }
}
