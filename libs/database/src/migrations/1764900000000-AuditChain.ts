import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 64 zeros: the `prev_hash` of the first row of the chain. */
const GENESIS = '0'.repeat(64);

/**
 * Tamper-evident audit: every row of `audit_events` carries `seq` (its place in the chain),
 * `prev_hash` (the hash of the row before) and `hash` = SHA-256 over seq, prev_hash and every
 * column (`audit_event_hash`). A BEFORE INSERT trigger assigns them under a row lock on
 * `audit_chain_head`, so every writer (any idp, worker or CLI process, inside a caller's
 * transaction or not) extends one chain in commit order, in the same statement and round trip as
 * the insert. Rows that existed before this migration are hashed here, in id order, so the chain
 * covers the whole table (see docs/decisions.md, "Audit chain").
 *
 * The hash function is defined in SQL, used by the trigger and by `audit:verify`, so one
 * canonical form (hex of each value, NULL as `-`) serves both on MariaDB and MySQL alike.
 */
export class AuditChain1764900000000 implements MigrationInterface {
  name = 'AuditChain1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION audit_event_hash(
        p_seq BIGINT UNSIGNED, p_prev CHAR(64), p_at DATETIME(3),
        p_actor VARCHAR(128) CHARACTER SET utf8mb4, p_action VARCHAR(64) CHARACTER SET utf8mb4,
        p_target VARCHAR(128) CHARACTER SET utf8mb4, p_result VARCHAR(16) CHARACTER SET utf8mb4,
        p_ip VARCHAR(45) CHARACTER SET utf8mb4, p_ua VARCHAR(512) CHARACTER SET utf8mb4,
        p_details LONGTEXT CHARACTER SET utf8mb4
      ) RETURNS CHAR(64) CHARACTER SET ascii DETERMINISTIC NO SQL
      RETURN SHA2(CONCAT_WS('|', 'v1', p_seq, p_prev, DATE_FORMAT(p_at, '%Y-%m-%d %H:%i:%s.%f'),
        IFNULL(HEX(p_actor), '-'), IFNULL(HEX(p_action), '-'), IFNULL(HEX(p_target), '-'),
        IFNULL(HEX(p_result), '-'), IFNULL(HEX(p_ip), '-'), IFNULL(HEX(p_ua), '-'),
        IFNULL(HEX(p_details), '-')), 256)`);
    await q.query(`
      ALTER TABLE audit_events
        ADD COLUMN seq BIGINT UNSIGNED NULL DEFAULT NULL,
        ADD COLUMN prev_hash CHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL DEFAULT NULL,
        ADD COLUMN hash CHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL DEFAULT NULL,
        ADD UNIQUE KEY uq_audit_seq (seq)`);
    await q.query(`
      CREATE TABLE audit_chain_head (
        id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
        seq BIGINT UNSIGNED NOT NULL,
        hash CHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL
      ) ENGINE=InnoDB`);
    // The rows written so far join the chain in id order (the append-only trigger steps aside).
    await q.query('DROP TRIGGER audit_events_no_update');
    await q.query(`SET @audit_seq := 0, @audit_hash := '${GENESIS}'`);
    await q.query(`
      UPDATE audit_events
         SET seq = (@audit_seq := @audit_seq + 1),
             prev_hash = @audit_hash,
             hash = (@audit_hash := audit_event_hash(@audit_seq, @audit_hash, occurred_at, actor, action,
                                                     target, result, ip, user_agent, details))
       ORDER BY id`);
    await q.query(`INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, @audit_seq, @audit_hash)`);
    await q.query(`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_events is append-only'`);
    // The row lock on the head is held until the inserting transaction ends: one chain, commit order.
    await q.query(`
      CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events FOR EACH ROW
      BEGIN
        DECLARE v_seq BIGINT UNSIGNED;
        DECLARE v_hash CHAR(64) CHARACTER SET ascii;
        SELECT seq, hash INTO v_seq, v_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE;
        SET NEW.seq = v_seq + 1, NEW.prev_hash = v_hash;
        SET NEW.hash = audit_event_hash(NEW.seq, NEW.prev_hash, NEW.occurred_at, NEW.actor, NEW.action,
                                        NEW.target, NEW.result, NEW.ip, NEW.user_agent, NEW.details);
        UPDATE audit_chain_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
      END`);
    await q.query(`
      CREATE TABLE audit_verifications (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        started_at DATETIME(3) NOT NULL,
        finished_at DATETIME(3) NOT NULL,
        ok TINYINT(1) NOT NULL,
        rows_checked BIGINT UNSIGNED NOT NULL,
        head_seq BIGINT UNSIGNED NULL,
        head_hash CHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
        problem VARCHAR(512) NULL,
        actor VARCHAR(128) COLLATE utf8mb4_bin NOT NULL,
        KEY ix_audit_verifications_ok (ok, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_verifications');
    await q.query('DROP TRIGGER audit_events_chain');
    await q.query('DROP TABLE audit_chain_head');
    await q.query(
      'ALTER TABLE audit_events DROP KEY uq_audit_seq, DROP COLUMN seq, DROP COLUMN prev_hash, DROP COLUMN hash',
    );
    await q.query('DROP FUNCTION audit_event_hash');
  }
}
