import { Inject, Injectable } from '@nestjs/common';
import {
  COUNTY_FEDERATION_OPTIONS,
  type ResolvedCountyFederationOptions,
} from '../../county-federation.options.js';
import { CountyProviderRepository } from '../../providers/county-provider.repository.js';
import type { CountyView } from '../save-county/county.command.js';
import { countyView } from '../save-county/county-rules.js';

/** `counties:list`: every county, north to south, without secrets. */
@Injectable()
export class ListCountiesUseCase {
  constructor(
    @Inject(COUNTY_FEDERATION_OPTIONS) private readonly options: ResolvedCountyFederationOptions,
    private readonly providers: CountyProviderRepository,
  ) {}

  async execute(): Promise<CountyView[]> {
    return (await this.providers.list()).map((c) => countyView(c, this.options.redirectUri));
  }
}
