import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ActivationModule, RosterImportModule } from '#activation';
import { CountyFederationModule } from '#county-federation';
import { DirectoryModule } from '#directory';
import { HelpdeskModule } from '#helpdesk';
import { IdentityCoreModule } from '#identity-core';
import { NotificationAdminModule, NotificationsModule } from '#notifications';
import { OidcModule, oidcRedisPrefix } from '#oidc';
import { OtpModule } from '#otp';
import { PasswordResetModule } from '#password-reset';
import { bullPrefix, HealthModule, identityCoreOptions, infrastructureImports } from '#platform';
import { RelyingPartyModule } from '#relying-party';
import { cookiePolicy, WebModule } from '#web';
import { AccountDetailService } from './accounts/account-detail.service.js';
import { HelpdeskActionsService } from './actions/helpdesk-actions.service.js';
import { config } from './config/config.js';
import { SecretOnceStore } from './clients/secret-once.store.js';
import { AccountsController } from './http/accounts.controller.js';
import { ApplicationsController } from './http/applications.controller.js';
import { ImportsController } from './http/imports.controller.js';
import { LettersController } from './http/letters.controller.js';
import { StaffFrame } from './http/staff-frame.js';
import { AuditController } from './http/audit.controller.js';
import { ClientsController } from './http/clients.controller.js';
import { CountiesController } from './http/counties.controller.js';
import { AdminErrorFilter } from './http/error.filter.js';
import { NotificationsController } from './http/notifications.controller.js';
import { SchoolsController } from './http/schools.controller.js';
import { PortalGuard } from './http/portal-guard.js';
import { SignInController } from './http/sign-in.controller.js';
import { StaffController } from './http/staff.controller.js';
import { PortalRateLimits } from './limits/portal-rate-limits.js';
import { StaffSessionService } from './session/staff-session.service.js';
import { StaffDraftStore } from './session/staff-draft.store.js';

// One decision for every cookie of the portal (Secure, and so `__Host-` for the session, over https).
const cookies = cookiePolicy({ publicUrl: config.adminUrl, production: config.production });

@Module({
  imports: [
    ...infrastructureImports(config, { migrate: true }),
    WebModule.forRoot({ cookieKeys: config.cookieKeys, cookies }),
    IdentityCoreModule.forRootAsync({ useFactory: () => identityCoreOptions(config) }),
    // Client registration, and the idp's sessions (list, end every one of an account).
    OidcModule.forManagement({ useFactory: () => ({ redisPrefix: oidcRedisPrefix(config.redisPrefix) }) }),
    // Staff sign in at the idp like any RP (production issuers are https).
    RelyingPartyModule.forRoot({ allowInsecureHttp: !config.production }),
    HelpdeskModule,
    // The old address is told when the helpdesk changes a contact (producer side only).
    NotificationsModule,
    // The same options as the idp's, so links, codes and look-alike masks match what the idp checks.
    PasswordResetModule.forRootAsync({
      useFactory: () => ({
        secret: Buffer.from(config.blindIndexKey, 'base64'),
        resetLinkUrl: `${config.issuer}/forgot/reset`,
        namespace: config.redisPrefix,
      }),
    }),
    ActivationModule.forRootAsync({
      useFactory: () => ({
        codeSecret: config.blindIndexKey,
        redisPrefix: config.redisPrefix,
        activationUrl: `${config.issuer}/activate`,
      }),
    }),
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
    HealthModule,
    // The upload page's producer side of the roster-import queue (the worker consumes it).
    RosterImportModule.forRootAsync({
      useFactory: () => ({ redis: config.redis, queuePrefix: bullPrefix(config.redisPrefix) }),
    }),
    // The schools directory page (search, edit, the ministry's list import).
    DirectoryModule.forRoot({ namespace: config.redisPrefix }),
    // The notifications page reads the worker's queues (never consumes them).
    NotificationAdminModule.forRootAsync({
      useFactory: () => ({ redis: config.redis, queuePrefix: bullPrefix(config.redisPrefix) }),
    }),
  ],
  controllers: [
    SignInController,
    AccountsController,
    ApplicationsController,
    ImportsController,
    LettersController,
    AuditController,
    StaffController,
    NotificationsController,
    ClientsController,
    CountiesController,
    SchoolsController,
  ],
  providers: [
    { provide: APP_FILTER, useClass: AdminErrorFilter },
    StaffSessionService,
    AccountDetailService,
    HelpdeskActionsService,
    StaffFrame,
    PortalRateLimits,
    PortalGuard,
    SecretOnceStore,
    StaffDraftStore,
  ],
})
export class AppModule {}
