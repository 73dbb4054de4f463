import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService, decodeCsv, SchoolRepository, ValidationFailed } from '#identity-core';
import { ImportFileInvalid } from '../../domain/errors.js';
import { parseSchoolList, type SchoolRow } from '../../csv/school-list.parser.js';
import { SchoolProfileEntity } from '../../entities/index.js';
import {
  emptyReport,
  IMPORT_MAX_BYTES,
  inTransaction,
  refusalOf,
  type DirectoryImportReport,
  type RowOutcome,
} from '../import-support.js';

/**
 * `schools:import`: the ministry's school list into the directory. A school's name and county go
 * to identity-core's `schools` (which rosters refer to), the rest to `school_directory`; each line
 * in its own transaction with its audit event, so re-importing the same list changes nothing.
 */
@Injectable()
export class ImportSchoolsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schools: SchoolRepository,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: { content: Buffer; actor: string; dryRun?: boolean }): Promise<DirectoryImportReport> {
    if (cmd.content.length > IMPORT_MAX_BYTES)
      throw new ValidationFailed([{ field: 'file', code: 'too_large' }]);
    const { text, encoding } = decodeCsv(cmd.content);
    const parsed = parseSchoolList(text);
    if (parsed.fatal) throw new ImportFileInvalid(parsed.fatal.line, parsed.fatal.message);
    const dryRun = Boolean(cmd.dryRun);
    const report = emptyReport(encoding, dryRun, parsed);
    const seen = new Map<string, number>();
    for (const row of parsed.rows) {
      const first = seen.get(row.eduid);
      if (first !== undefined) {
        report.problems.push({
          line: row.line,
          field: 'eduid',
          code: 'duplicate',
          message: `the same school as line ${first}`,
        });
        continue;
      }
      seen.set(row.eduid, row.line);
      try {
        report[await inTransaction(this.dataSource, dryRun, (m) => this.apply(m, row, cmd.actor))] += 1;
      } catch (e) {
        const refusal = refusalOf(e);
        if (!refusal) throw e;
        report.problems.push({ line: row.line, ...refusal });
      }
    }
    report.problems.sort((a, b) => a.line - b.line);
    if (!dryRun)
      await this.audit.record({
        actor: cmd.actor,
        action: 'schools.import',
        result: report.problems.length ? 'failure' : 'success',
        details: {
          encoding,
          rows: report.rows,
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
          refused: report.problems.length,
        },
      });
    return report;
  }

  private async apply(m: EntityManager, row: SchoolRow, actor: string): Promise<RowOutcome> {
    const school = await this.schools.saveSchool({ eduid: row.eduid, name: row.name, county: row.county }, m);
    const profiles = m.getRepository(SchoolProfileEntity);
    const wanted = {
      year: row.year,
      oid: row.oid,
      tel: row.tel,
      url: row.url,
      address: row.address,
      schoolSystems: row.schoolSystems,
    };
    const existing = await profiles.findOne({ where: { eduid: row.eduid } });
    let profile: RowOutcome = 'unchanged';
    if (!existing) {
      await profiles.insert({ eduid: row.eduid, ...wanted });
      profile = 'created';
    } else if (
      (Object.keys(wanted) as (keyof typeof wanted)[]).some(
        (k) => JSON.stringify(existing[k]) !== JSON.stringify(wanted[k]),
      )
    ) {
      await profiles.update({ eduid: row.eduid }, wanted);
      profile = 'updated';
    }
    const outcome: RowOutcome =
      school === 'created'
        ? 'created'
        : school === 'updated' || profile !== 'unchanged'
          ? 'updated'
          : 'unchanged';
    if (outcome !== 'unchanged')
      await this.audit.record(
        {
          actor,
          action: outcome === 'created' ? 'school.create' : 'school.update',
          target: `school:${row.eduid}`,
          result: 'success',
          details: { source: 'import', name: row.name, county: row.county },
        },
        m,
      );
    return outcome;
  }
}
