import type { MessageKey } from './zh-TW.js';

// `satisfies` makes a missing or an extra key a compile error.
export const en = {
  'service.name': 'Education Single Sign-On Service',
  'service.account': 'Education Cloud Account',
  'layout.skipToMain': 'Skip to main content',
  'layout.switchLocale': '中文',
  'layout.helpdesk': 'Helpdesk',
  'layout.helpdeskEmail': 'Helpdesk email',
  'layout.fraudNotice':
    'Beware of fraud: edu-sso staff will never ask for your password or verification code.',
  'layout.errorTitlePrefix': 'Error: ',

  'login.title': 'Sign in with your Education Cloud Account',
  'login.forClient': 'Sign in with your Education Cloud Account to use {client}',
  'login.login': 'Account',
  'login.loginHint': 'account or account@mail.edu.tw',
  'login.password': 'Password',
  'login.captcha': 'Verification code',
  'login.captchaHint': 'Enter the 5 letters or digits shown in the image (not case-sensitive).',
  'login.captchaAlt':
    'Verification code image (if you cannot read it, choose "Show another" or contact the helpdesk)',
  'login.captchaRefresh': 'Show another',
  'login.submit': 'Sign in',
  'login.otherOptions': 'Other options',

  'errors.summaryTitle': 'There is a problem',
  'errors.prefix': 'Error: ',
  'errors.invalidCredentials': 'Incorrect account or password.',
  'errors.lockedWait':
    'Too many failed attempts. The account is locked; please try again in {minutes} minutes.',
  'errors.lockedPermanent': 'Too many failed attempts. The account is locked; please contact the helpdesk.',
  'errors.rateLimited': 'Too many attempts. Please wait a moment and try again.',
  'errors.accountDisabled': 'This account is disabled. Please contact the helpdesk if you have questions.',
  'errors.captchaWrong': 'The verification code is wrong or has expired. Please enter the new code.',
  'errors.required': '{field} is required.',

  'consent.title': 'Authorize access',
  'consent.intro': '“{client}” wants to access the following information:',
  'consent.claims': 'Individual fields:',
  'consent.otherScope': 'Other permission: {scope}',
  'consent.approve': 'Allow',
  'consent.deny': 'Deny',
  'consent.note': 'If you choose Allow, this information will be shared with the application.',

  'scope.openid': 'Your Education Cloud account identifier (to confirm who you are)',
  'scope.profile': 'Basic profile: name and account name',
  'scope.email': 'Email address',
  'scope.phone': 'Mobile phone number',
  'scope.eduinfo': 'Education information: school, role (e.g. student, teacher), grade and class',
  'scope.educloudroles': 'Education Cloud roles',
  'scope.personid': 'National ID number',
  'scope.guid': 'Globally unique identifier (GUID)',
  'scope.openid2': 'Legacy OpenID identifier URL',
  'scope.offline_access': 'Keep accessing this information while you are away',

  'claim.name': 'Name',
  'claim.given_name': 'Given name',
  'claim.family_name': 'Family name',
  'claim.preferred_username': 'Account name',
  'claim.email': 'Email address',
  'claim.email_verified': 'Whether the email address is verified',
  'claim.phone_number': 'Mobile phone number',
  'claim.phone_number_verified': 'Whether the phone number is verified',

  'signedIn.title': 'Signed in',
  'signedIn.as': 'You are signed in as {name}',
  'signedIn.username': 'Account: {username}',
  'signedIn.logout': 'Sign out',

  'logout.title': 'Sign out',
  'logout.confirm': 'Do you want to sign out?',
  'logout.yes': 'Sign out',
  'logout.cancel': 'Cancel',
  'logout.doneTitle': 'Signed out',
  'logout.done':
    'You have signed out of the Education single sign-on service. On a shared computer, close the browser.',

  'home.title': 'Education single sign-on',
  'home.signedOut':
    'You are not signed in. Start from a school or government learning service and choose "Sign in with Education Cloud account".',

  'errors.expiredTitle': 'Sign-in request expired',
  'errors.expired':
    'This sign-in request timed out or was already completed. Go back to the application and sign in again.',

  'error.title.generic': 'Something went wrong',
  'error.title.invalid_request': 'The request is invalid',
  'error.title.invalid_client': 'Unknown application',
  'error.title.invalid_redirect_uri': 'The application’s return address is not registered',
  'error.title.access_denied': 'Access denied',
  'error.title.login_required': 'Sign-in required',
  'error.title.server_error': 'A system error occurred',
  'error.message':
    'Please go back to the application and try again. If the problem persists, contact the helpdesk with the error code below.',
  'error.code': 'Error code',
  'error.description': 'Details',
} as const satisfies Record<MessageKey, string>;
