import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AccountsModule } from '#accounts';
import { ActivationModule } from '#activation';
import { CertificateAuthModule } from '#certificate-auth';
import { DirectoryModule } from '#directory';
import { CountyFederationModule } from '#county-federation';
import { IdentityCoreModule } from '#identity-core';
import { OidcModule, oidcRedisPrefix } from '#oidc';
import { OtpModule } from '#otp';
import { PasswordResetModule } from '#password-reset';
import { RelyingPartyModule } from '#relying-party';
import { HealthModule, identityCoreOptions, infrastructureImports } from '#platform';
import { cookiePolicy, pageCsp, pagePolicy, WebModule } from '#web';
import { CaptchaModule } from './captcha/captcha.module.js';
import { certificateConfig, config } from './config/config.js';
import { AccountSessionService } from './account/account-session.service.js';
import { AccountSecurityController } from './http/account-security.controller.js';
import { AccountController } from './http/account.controller.js';
import { ActivationController } from './http/activation.controller.js';
import { ApplyController } from './http/apply.controller.js';
import { FormPipe } from './http/dto/form.pipe.js';
import { IdpErrorFilter } from './http/error.filter.js';
import { CountyProofResponder } from './http/county-proof.responder.js';
import { CountyReturnController } from './http/county-return.controller.js';
import { ForgotUsernameController } from './http/forgot-username.controller.js';
import { HomeController } from './http/home.controller.js';
import { InteractionController } from './http/interaction.controller.js';
import { PasswordResetController } from './http/password-reset.controller.js';
import { ResourceController } from './http/resource.controller.js';
import { SchoolDirectoryController } from './http/school-directory.controller.js';
import { SignInResponder } from './http/sign-in.responder.js';
import { providerPages } from './http/provider-pages.js';

// One decision for every cookie of the idp: ours (CSRF, flows) and the engine's (session, interaction).
const cookies = cookiePolicy({ publicUrl: config.issuer, production: config.production });

// The engine's logout forms end at the RP's post_logout_redirect_uri, any registered origin.
const PROVIDER_PAGE = pagePolicy({ formAction: ['https:', 'http://localhost:*', 'http://127.0.0.1:*'] });

@Module({
  imports: [
    ...infrastructureImports(config, { migrate: true }),
    WebModule.forRoot({ cookieKeys: config.cookieKeys, cookies }),
    IdentityCoreModule.forRootAsync({ useFactory: () => identityCoreOptions(config) }),
    OidcModule.forRootAsync({
      useFactory: () => ({
        issuer: config.issuer,
        cookieKeys: config.cookieKeys,
        cookies,
        trustProxy: config.trustProxy,
        redisPrefix: oidcRedisPrefix(config.redisPrefix),
        pageCsp: pageCsp(PROVIDER_PAGE),
        pages: providerPages,
        allowPrivateNetworkFetch: config.allowPrivateNetworkFetch,
        keyRefreshSeconds: 60,
      }),
    }),
    CaptchaModule.forRootAsync({
      useFactory: () => ({ enabled: config.captchaEnabled, ttlSeconds: 300, namespace: config.redisPrefix }),
    }),
    ActivationModule.forRootAsync({
      useFactory: () => ({
        // Only HKDF-derived keys are used (see CodeHasher); the blind index key never rotates.
        codeSecret: config.blindIndexKey,
        redisPrefix: config.redisPrefix,
        activationUrl: `${config.issuer}/activate`,
      }),
    }),
    PasswordResetModule.forRootAsync({
      useFactory: () => ({
        // Used only through HKDF-derived keys; the blind index key never rotates, which the
        // look-alike channels for unknown accounts need (see ResetSecrets).
        secret: Buffer.from(config.blindIndexKey, 'base64'),
        resetLinkUrl: `${config.issuer}/forgot/reset`,
        namespace: config.redisPrefix,
      }),
    }),
    DirectoryModule.forRoot({ namespace: config.redisPrefix }),
    OtpModule.forRootAsync({
      useFactory: () => ({
        // Used only through HKDF-derived keys (recovery-code hashes, look-alike masks).
        secret: Buffer.from(config.blindIndexKey, 'base64'),
        namespace: config.redisPrefix,
        accountUrl: `${config.issuer}/account`,
      }),
    }),
    AccountsModule.forRootAsync({
      useFactory: () => ({
        namespace: config.redisPrefix,
        secret: Buffer.from(config.blindIndexKey, 'base64'),
        accountUrl: `${config.issuer}/account`,
      }),
    }),
    // My account signs in at this idp like any RP (production issuers are https).
    RelyingPartyModule.forRoot({ allowInsecureHttp: !config.production }),
    // 自然人憑證登入 and 行動自然人APP登入: on the login page once configured.
    CertificateAuthModule.forRootAsync({
      useFactory: () => ({
        namespace: config.redisPrefix,
        card: certificateConfig.card,
        mobile: certificateConfig.mobile,
      }),
    }),
    CountyFederationModule.forRootAsync({
      useFactory: () => ({
        redirectUri: `${config.issuer}/cncreturnpage`,
        redisPrefix: config.redisPrefix,
        timeoutMs: config.countyTimeoutMs,
        // Counties are https in production; tests and local stand-ins run on http://127.0.0.1.
        allowInsecureHttp: !config.production,
      }),
    }),
    HealthModule,
  ],
  controllers: [
    HomeController,
    InteractionController,
    ResourceController,
    SchoolDirectoryController,
    ActivationController,
    ApplyController,
    PasswordResetController,
    ForgotUsernameController,
    AccountController,
    AccountSecurityController,
    CountyReturnController,
  ],
  providers: [
    { provide: APP_FILTER, useClass: IdpErrorFilter },
    // The one validation pipe: every form and JSON body is a DTO of ./http/dto.
    { provide: APP_PIPE, useClass: FormPipe },
    SignInResponder,
    CountyProofResponder,
    AccountSessionService,
  ],
})
export class AppModule {}
