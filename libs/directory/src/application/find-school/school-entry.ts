import type { SchoolEntity } from '#identity-core';
import type { SchoolProfileEntity } from '../../entities/index.js';

/**
 * One school as the public directory API shows it (`/moeresource/api/v2/eduoid/all/eduid/{id}`):
 * the field names of the existing service. Unknown values are empty strings, as a legacy client
 * splitting `county` or reading `tel` expects a string.
 */
export interface SchoolDirectoryEntry {
  eduid: string;
  year: string;
  schoolname: string;
  county: string;
  oid: string;
  tel: string;
  url: string;
  address: string;
  schoolsystem: string[];
}

export function schoolEntry(school: SchoolEntity, profile: SchoolProfileEntity | null): SchoolDirectoryEntry {
  return {
    eduid: school.eduid,
    year: profile?.year ?? '',
    schoolname: school.name,
    county: school.county,
    oid: profile?.oid ?? '',
    tel: profile?.tel ?? '',
    url: profile?.url ?? '',
    address: profile?.address ?? '',
    schoolsystem: profile?.schoolSystems ?? [],
  };
}
