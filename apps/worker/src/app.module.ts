import { Module } from '@nestjs/common';
import { IdentityCoreModule } from '#identity-core';
import { identityCoreOptions, infrastructureImports } from '#platform';
import { config } from './config/config.js';

/** Queue consumers (email, SMS) arrive with the lifecycle capability. */
@Module({
  imports: [
    ...infrastructureImports(config, { migrate: true }),
    IdentityCoreModule.forRootAsync({ useFactory: () => identityCoreOptions(config) }),
  ],
})
export class AppModule {}
