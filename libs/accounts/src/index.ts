export { AccountsModule } from './accounts.module.js';
export { ACCOUNTS_OPTIONS, type AccountsOptions } from './accounts.options.js';
export { ContactCodeRejected } from './domain/errors.js';
export { readContact, type ContactChannel } from './domain/contact-value.js';
export type { HolderRequest } from './application/holder-context.js';
export { NoteSignInUseCase, type CompletedSignIn } from './application/note-sign-in/note-sign-in.use-case.js';
export {
  RecentSignInsUseCase,
  type SignInRecord,
} from './application/recent-sign-ins/recent-sign-ins.use-case.js';
export { ChangePasswordUseCase } from './application/change-password/change-password.use-case.js';
export { StartContactChangeUseCase } from './application/change-contact/start-contact-change.use-case.js';
export { ConfirmContactChangeUseCase } from './application/change-contact/confirm-contact-change.use-case.js';
export { CONTACT_CHANGE_POLICY } from './application/change-contact/contact-change.policy.js';
