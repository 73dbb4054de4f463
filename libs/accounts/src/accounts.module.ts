import { Module, type DynamicModule } from '@nestjs/common';
import { NotificationsModule } from '#notifications';
import { ACCOUNTS_OPTIONS, type AccountsOptions } from './accounts.options.js';
import { ChangePasswordUseCase } from './application/change-password/change-password.use-case.js';
import { ConfirmContactChangeUseCase } from './application/change-contact/confirm-contact-change.use-case.js';
import { StartContactChangeUseCase } from './application/change-contact/start-contact-change.use-case.js';
import { NoteSignInUseCase } from './application/note-sign-in/note-sign-in.use-case.js';
import { RecentSignInsUseCase } from './application/recent-sign-ins/recent-sign-ins.use-case.js';

const USE_CASES = [
  NoteSignInUseCase,
  RecentSignInsUseCase,
  ChangePasswordUseCase,
  StartContactChangeUseCase,
  ConfirmContactChangeUseCase,
];

/**
 * The holder's own account (My account): sign-in history and new-device notices, password and
 * contact changes. Needs IdentityCoreModule (global) and REDIS from the app.
 */
@Module({})
export class AccountsModule {
  static forRootAsync(options: {
    inject?: never[];
    useFactory: (...args: any[]) => AccountsOptions | Promise<AccountsOptions>;
  }): DynamicModule {
    return {
      module: AccountsModule,
      imports: [NotificationsModule],
      providers: [
        { provide: ACCOUNTS_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        ...USE_CASES,
      ],
      exports: USE_CASES,
    };
  }
}
