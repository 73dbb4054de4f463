import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mayEditSchool, mayOpen } from './portal-pages.js';
import type { StaffRole } from './staff-role.js';

const staff = (role: StaffRole, county: string | null = null, schoolId: string | null = null) => ({
  role,
  county,
  schoolId,
});

describe('portal pages and school edits by role', () => {
  it('notifications for superadmin and helpdesk; clients, counties and the import for superadmin; schools for all', () => {
    const table = (['superadmin', 'county-admin', 'school-admin', 'helpdesk'] as const).map((r) => [
      r,
      (['notifications', 'clients', 'counties', 'schools', 'schools-import'] as const).filter((p) =>
        mayOpen({ role: r }, p),
      ),
    ]);
    assert.deepEqual(table, [
      ['superadmin', ['notifications', 'clients', 'counties', 'schools', 'schools-import']],
      ['county-admin', ['schools']],
      ['school-admin', ['schools']],
      ['helpdesk', ['notifications', 'schools']],
    ]);
  });

  it('a county admin edits their county’s schools and cannot move one out; a school admin only theirs; helpdesk none', () => {
    const tp = { eduid: '193601', county: '臺北市' };
    const tc = { eduid: '074601', county: '臺中市' };
    assert.ok(mayEditSchool(staff('superadmin'), tc, '高雄市'));
    assert.ok(mayEditSchool(staff('county-admin', '臺北市'), tp));
    assert.ok(mayEditSchool(staff('county-admin', '臺北市'), tp, '臺北市'));
    assert.ok(!mayEditSchool(staff('county-admin', '臺北市'), tp, '臺中市'));
    assert.ok(!mayEditSchool(staff('county-admin', '臺北市'), tc));
    assert.ok(mayEditSchool(staff('school-admin', null, '074601'), tc));
    assert.ok(!mayEditSchool(staff('school-admin', null, '074601'), tc, '臺北市'));
    assert.ok(!mayEditSchool(staff('school-admin', null, '074601'), tp));
    assert.ok(!mayEditSchool(staff('helpdesk'), tp));
  });
});
