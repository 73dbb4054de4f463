/** What `audit:verify` found wrong, in chain order; the first one is the one to look at. */
export interface AuditChainProblem {
  /**
   * `edited`: the row's content no longer gives its hash. `deleted`: sequence numbers are missing.
   * `inserted`: a row outside the chain, or after its recorded head. `relinked`: a row does not
   * follow the one before it (that one was rewritten with a new hash, or this one was put in).
   * `rewritten`: a row differs from what an earlier verification recorded as the head.
   */
  kind: 'edited' | 'deleted' | 'inserted' | 'relinked' | 'rewritten';
  /** The row named (null for deleted rows: they are gone; `seq` says which). */
  id: string | null;
  seq: string | null;
  message: string;
}

export interface AuditVerificationResult {
  ok: boolean;
  startedAt: Date;
  finishedAt: Date;
  rowsChecked: number;
  /** The chain head seen (sequence number and hash): the anchor the next verification checks. */
  headSeq: string | null;
  headHash: string | null;
  /** At most 20, first problem first. */
  problems: AuditChainProblem[];
}

/** The last verification, for a dashboard. */
export interface AuditVerificationRecord {
  id: string;
  ok: boolean;
  startedAt: Date;
  finishedAt: Date;
  rowsChecked: number;
  headSeq: string | null;
  headHash: string | null;
  problem: string | null;
  actor: string;
}

/** `prev_hash` of the first row. */
export const AUDIT_CHAIN_GENESIS = '0'.repeat(64);
