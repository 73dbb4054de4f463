import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StaffMember, StaffRole } from '../domain/staff-role.js';

interface Row {
  account_id: string;
  sub: string;
  username: string | null;
  display_name: string;
  role: StaffRole;
  county: string | null;
  school_id: string | null;
  granted_by: string;
  granted_at: Date;
}

const SELECT = `SELECT r.account_id, a.sub, a.username, a.display_name, r.role, r.county, r.school_id,
  r.granted_by, r.granted_at FROM staff_roles r JOIN accounts a ON a.id = r.account_id`;

function member(r: Row): StaffMember {
  return {
    accountId: String(r.account_id),
    sub: r.sub,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    county: r.county,
    schoolId: r.school_id,
    grantedBy: r.granted_by,
    grantedAt: r.granted_at,
  };
}

/** The staff_roles table (this lib's own): one row per staff member. */
@Injectable()
export class StaffRepository {
  constructor(private readonly db: DataSource) {}

  async findBySub(sub: string): Promise<StaffMember | null> {
    const rows: Row[] = await this.db.query(`${SELECT} WHERE a.sub = ?`, [sub]);
    return rows[0] ? member(rows[0]) : null;
  }

  async list(): Promise<StaffMember[]> {
    const rows: Row[] = await this.db.query(`${SELECT} ORDER BY r.role, a.username`);
    return rows.map(member);
  }

  async upsert(row: {
    accountId: string;
    role: StaffRole;
    county: string | null;
    schoolId: string | null;
    grantedBy: string;
    grantedAt: Date;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO staff_roles (account_id, role, county, school_id, granted_by, granted_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE role = VALUES(role), county = VALUES(county), school_id = VALUES(school_id),
         granted_by = VALUES(granted_by), granted_at = VALUES(granted_at)`,
      [row.accountId, row.role, row.county, row.schoolId, row.grantedBy, row.grantedAt],
    );
  }

  async remove(accountId: string): Promise<boolean> {
    const r: { affectedRows: number } = await this.db.query('DELETE FROM staff_roles WHERE account_id = ?', [
      accountId,
    ]);
    return r.affectedRows > 0;
  }
}
