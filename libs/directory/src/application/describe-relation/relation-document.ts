/**
 * The `relation` API's answer (`GET /moeresource/api/v2/oidc/relation`). Public integrations read
 * `relation` (a teacher's classes and subjects); the other keys are this project's design
 * (README, "relation": fields marked *unconfirmed*). Keys are never dropped: an account that is
 * no teacher gets `relation: []`, so clients can read every key without checking for it.
 */
export interface RelationDocument {
  sub: string;
  /** The term described, ROC school year and semester. */
  year: string;
  semester: string;
  /** What the account teaches this term: one entry per class × subject (導師: homeroom teacher). */
  relation: TeachingEntry[];
  /** The account's own class this term (students), with its homeroom teacher. */
  classinfo: StudentClassEntry[];
  /** The children linked to this (parent) account and confirmed by their school. */
  children: ChildEntry[];
}

export interface ClassEntry {
  schoolid: string;
  year: string;
  semester: string;
  grade: string;
  classno: string;
  classtitle: string;
}

export interface TeachingEntry extends ClassEntry {
  subject: string;
}

export interface StudentClassEntry extends ClassEntry {
  /** The class's homeroom teacher (`sub`), null when the school has not said. */
  homeroom: { sub: string } | null;
}

export interface ChildEntry {
  sub: string;
  name: string;
  relationship: string;
  schoolid: string;
  classinfo: ClassEntry[];
}
