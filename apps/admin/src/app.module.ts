import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { IdentityCoreModule } from '#identity-core';
import { HealthModule, identityCoreOptions, infrastructureImports } from '#platform';
import { config } from './config/config.js';
import { HomeController } from './http/home.controller.js';
import { NotFoundFilter } from './http/not-found.filter.js';

@Module({
  imports: [
    ...infrastructureImports(config, { migrate: true }),
    IdentityCoreModule.forRootAsync({ useFactory: () => identityCoreOptions(config) }),
    HealthModule,
  ],
  controllers: [HomeController],
  providers: [{ provide: APP_FILTER, useClass: NotFoundFilter }],
})
export class AppModule {}
