import { Module } from '@nestjs/common';
import { ActivationModule, RosterImportModule } from '#activation';
import { DirectoryModule } from '#directory';
import { CountyFederationModule } from '#county-federation';
import { HelpdeskModule } from '#helpdesk';
import { IdentityCoreModule } from '#identity-core';
import { NotificationAdminModule } from '#notifications';
import { OidcModule, oidcRedisPrefix } from '#oidc';
import { OtpModule } from '#otp';
import { bullPrefix, identityCoreOptions, infrastructureImports } from '#platform';
import { config } from './config/config.js';

@Module({
  imports: [
    ...infrastructureImports(config, { migrate: true }),
    IdentityCoreModule.forRootAsync({ useFactory: () => identityCoreOptions(config) }),
    OidcModule.forManagement({ useFactory: () => ({ redisPrefix: oidcRedisPrefix(config.redisPrefix) }) }),
    ActivationModule.forRootAsync({
      useFactory: () => ({
        codeSecret: config.blindIndexKey,
        redisPrefix: config.redisPrefix,
        activationUrl: `${config.issuer}/activate`,
      }),
    }),
    HelpdeskModule,
    RosterImportModule.forRootAsync({
      useFactory: () => ({ redis: config.redis, queuePrefix: bullPrefix(config.redisPrefix) }),
    }),
    NotificationAdminModule.forRootAsync({
      useFactory: () => ({ redis: config.redis, queuePrefix: bullPrefix(config.redisPrefix) }),
    }),
    DirectoryModule.forRoot({ namespace: config.redisPrefix }),
    OtpModule.forRootAsync({
      useFactory: () => ({
        secret: Buffer.from(config.blindIndexKey, 'base64'),
        namespace: config.redisPrefix,
        accountUrl: `${config.issuer}/account`,
      }),
    }),
    CountyFederationModule.forManagement({
      useFactory: () => ({
        redirectUri: `${config.issuer}/cncreturnpage`,
        redisPrefix: config.redisPrefix,
        timeoutMs: config.countyTimeoutMs,
        allowInsecureHttp: !config.production,
      }),
    }),
  ],
})
export class CliModule {}
