import type { RateWindow } from '#identity-core';

export const DIRECTORY_OPTIONS = Symbol('DIRECTORY_OPTIONS');

export interface DirectoryOptions {
  /** Prefix of the Redis keys of the rate limits (`<namespace>:guardian:...`). */
  namespace: string;
  /** Link requests one parent account may make (5 a day): each one tests a national ID and birth date. */
  guardianRequestsPerParent?: RateWindow;
}

export type ResolvedDirectoryOptions = Required<DirectoryOptions>;

export function resolveDirectoryOptions(o: DirectoryOptions): ResolvedDirectoryOptions {
  return { guardianRequestsPerParent: { max: 5, windowSeconds: 24 * 3600 }, ...o };
}
