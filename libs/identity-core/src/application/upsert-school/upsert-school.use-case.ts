import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ValidationFailed } from '../../domain/index.js';
import { SchoolEntity } from '../../entities/school.entity.js';

@Injectable()
export class UpsertSchoolUseCase {
  constructor(@InjectRepository(SchoolEntity) private readonly schools: Repository<SchoolEntity>) {}

  async execute(school: { eduid: string; name: string; county: string }): Promise<void> {
    if (!/^[0-9A-Za-z]{6,16}$/.test(school.eduid))
      throw new ValidationFailed([{ field: 'eduid', code: 'format' }]);
    await this.schools.upsert(school, ['eduid']);
  }
}
