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
  'login.captchaAlternative':
    'Cannot see or read the image? Choose "Show another", or contact the helpdesk for help signing in:',
  'login.submit': 'Sign in',
  'login.otherOptions': 'Other options',

  'errors.summaryTitle': 'There is a problem',
  'errors.prefix': 'Error: ',
  'errors.invalidCredentials': 'Incorrect account or password.',
  'errors.lockedWait': 'Too many failed attempts. Please try again in {minutes} minutes.',
  'errors.lockedPermanent': 'Too many failed attempts. The account is locked; please contact the helpdesk.',
  'errors.rateLimited': 'Too many attempts. Please wait a moment and try again.',
  'errors.accountDisabled': 'This account is disabled. Please contact the helpdesk if you have questions.',
  'errors.captchaWrong': 'The verification code is wrong or has expired. Please enter the new code.',
  'errors.required': '{field} is required.',
  'errors.unavailable': 'Signing in is temporarily unavailable. Please try again in a moment.',

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
  'error.title.payload_too_large': 'The submitted data is too large',
  'error.title.unsupported_media_type': 'The form was sent in an unsupported format',
  'error.title.server_error': 'A system error occurred',
  'error.title.temporarily_unavailable': 'Service temporarily unavailable',
  'error.message':
    'Please go back to the application and try again. If the problem persists, contact the helpdesk with the error code below.',
  'error.code': 'Error code',
  'error.description': 'Details',

  // Activate / apply for an Education Cloud account (libs/activation); activation.form.* is shared by both.
  'activation.form.summaryTitle': 'Please correct the following',
  'activation.form.required': '{field} is required.',
  'activation.form.tooLong': '{field} is too long: at most {max} characters.',
  'activation.form.csrf':
    'This form has expired (it was open for long, or the browser does not allow cookies). Please submit it again.',
  'activation.form.rateLimitedWait': 'Too many attempts. Try again in {minutes} minutes.',
  'activation.form.rateLimited': 'Too many attempts. Please try again later.',
  'activation.form.stepOf': 'Step {n} of {total}',
  'activation.form.next': 'Continue',
  'activation.form.nationalId': 'National ID number',
  'activation.form.nationalIdHint': 'Or resident certificate number, e.g. A123456789',
  'activation.form.nationalIdFormat':
    'The national ID number must be one letter followed by 9 digits (or a resident certificate number).',
  'activation.form.nationalIdChecksum':
    'The check digit of the national ID number is wrong. Check for typos.',
  'activation.form.birthDate': 'Date of birth',
  'activation.form.birthDateHint': 'e.g. 2011-05-12, or ROC 100/05/12',
  'activation.form.birthDateFormat': 'Enter the date of birth like 2011-05-12 or ROC 100/05/12.',
  'activation.form.birthDateInvalid': 'The date of birth is not a valid date.',
  'activation.form.birthDateRange': 'The date of birth must be after 1900 and not in the future.',
  'activation.title': 'Activate your Education Cloud account',
  'activation.intro':
    'Your school has created an Education Cloud account for you. Enter your national ID number, date of birth and the activation code from your school, then choose your account name, password and contact details.',
  'activation.code': 'Activation code',
  'activation.codeHint': '10 letters and digits from your school, e.g. ABCDE-FGH23 (not case-sensitive)',
  'activation.codeFormat': 'The activation code has 10 letters or digits.',
  'activation.failed':
    'The national ID number, date of birth or activation code is not correct, or the code was already used or has expired. Check and try again; if the code is lost or expired, ask your school for a new one.',
  'activation.expired': 'The activation timed out or has finished. Please start again.',
  'activation.noCode': 'No activation code from a school?',
  'activation.applyLink': 'Apply for an Education Cloud account',
  'activation.accountTitle': 'Choose account name and password',
  'activation.greeting': 'Hello {name}, choose the account name and password you will sign in with.',
  'activation.username': 'Account name',
  'activation.usernameHint':
    '4 to 32 characters: starts with a lowercase letter; lowercase letters, digits and . _ - allowed. Your account will be "name@mail.edu.tw" and cannot be changed later.',
  'activation.usernameFormat':
    'The account name must have 4 to 32 characters, start with a lowercase letter, end with a letter or digit, and use only lowercase letters, digits and . _ -.',
  'activation.usernameReserved': 'This account name is reserved. Choose another one.',
  'activation.usernameTaken': 'This account name is taken. Choose another one.',
  'activation.password': 'Password',
  'activation.passwordHint':
    'At least {min} characters; a passphrase of several words is best. Common passwords and your account name, name, national ID or birthday are not allowed.',
  'activation.passwordConfirm': 'Password again',
  'activation.passwordTooShort': 'The password needs at least {min} characters.',
  'activation.passwordTooLong': 'The password can have at most {max} characters.',
  'activation.passwordCommon': 'This password is too common and easy to guess. Choose another one.',
  'activation.passwordContext':
    'The password must not contain your account name, name, national ID number or birthday.',
  'activation.passwordMismatch': 'The two passwords do not match.',
  'activation.contactTitle': 'Contact details',
  'activation.contactIntro':
    'Register an email address or mobile number (at least one, both is better) so that you can reset a forgotten password. We send a code to confirm each.',
  'activation.doneTitle': 'Account activated',
  'activation.done': 'Your Education Cloud account is active. You can sign in now.',
  'activation.doneUsername': 'Your account: {username}',
  'activation.doneNext':
    'Go back to your school’s or learning service’s site, choose "Sign in with Education Cloud account" and sign in with this account and your password.',
  'activation.restart': 'Start again',
  'contact.email': 'Email address',
  'contact.emailHint': 'e.g. name@example.com',
  'contact.emailFormat': 'The email address is not valid.',
  'contact.phone': 'Mobile number',
  'contact.phoneHint': '10 digits starting with 09, e.g. 0912345678',
  'contact.phoneFormat': 'Enter a mobile number of 10 digits starting with 09.',
  'contact.required': 'Enter an email address or a mobile number (at least one).',
  'contact.sendCodes': 'Send codes',
  'contact.verifyTitle': 'Enter the codes',
  'contact.verifyIntro': 'We sent codes, valid for {minutes} minutes. Enter the 6-digit codes you received.',
  'contact.emailCode': 'Code sent to {value}',
  'contact.phoneCode': 'Code sent by SMS to {value}',
  'contact.codeHint': '6 digits',
  'contact.verified': 'Verified: {value}',
  'contact.codeWrong': 'The code is wrong. {n} tries left.',
  'contact.codeFormat': 'The code has 6 digits.',
  'contact.codeExpired': 'The code has expired. Send a new one.',
  'contact.codeTooManyTries': 'Too many wrong codes. Change the contact details or start again.',
  'contact.codeNotRequested': 'No code has been sent yet. Send one.',
  'contact.verify': 'Verify',
  'contact.resend': 'Send a new code to {value}',
  'contact.resent': 'A new code is on its way.',
  'contact.change': 'Change contact details',
  'contact.sendLimited': 'Too many codes sent. Try again later or change the contact details.',
  'apply.title': 'Apply for an Education Cloud account',
  'apply.intro':
    'If no school has created an account for you (for example as a lifelong learner), apply here. Fill in the form and verify your email address and mobile number; once the helpdesk approves, we email you an activation code.',
  'apply.name': 'Full name',
  'apply.nameHint': 'As on your identity document',
  'apply.nameFormat': 'The name contains characters that are not allowed.',
  'apply.emailHint': 'The decision and the activation code are sent here',
  'apply.phoneHint': '10 digits starting with 09, e.g. 0912345678',
  'apply.submit': 'Continue: verify email and mobile',
  'apply.expired': 'The application timed out or has finished. Please fill in the form again.',
  'apply.doneTitle': 'Application received',
  'apply.done':
    'We have received your application and will email you the decision. Once approved, use the activation code from the email on "Activate your Education Cloud account".',
  'apply.hasCode': 'Already have an activation code?',
  'apply.activateLink': 'Activate your Education Cloud account',

  // Forgot password / forgot username (libs/password-reset)
  'forgot.loginLink': 'Forgot your password?',
  'forgot.usernameLink': 'Forgot your username?',
  'forgot.errorSummary': 'Please correct the following',
  'forgot.title': 'Forgot your Education Cloud password',
  'forgot.intro':
    'Enter your Education Cloud username or national ID number. We will send a link or a code to reset your password to your verified email or mobile phone.',
  'forgot.identifier': 'Username or national ID number',
  'forgot.identifierHint':
    'For example lin.student, lin.student@mail.edu.tw or A123456789 (resident certificate numbers work too). If your username looks like an ID number, enter username@mail.edu.tw.',
  'forgot.submit': 'Continue',
  'forgot.error.identifierRequired': 'Enter your username or national ID number.',
  'forgot.error.identifierTooLong':
    'That is too long (at most {max} characters). Enter your username or national ID number.',
  'forgot.error.identifierFormat':
    'Enter a valid username (such as lin.student or lin.student@mail.edu.tw) or national ID number.',
  'forgot.error.nationalIdInvalid':
    'That national ID (or resident certificate) number is not valid. Please check it.',
  'forgot.error.rateLimited': 'Too many attempts. Please try again in {minutes} minutes.',
  'forgot.error.expired': 'This page has expired or is no longer valid. Please start again.',
  'forgot.error.csrf':
    'This form is no longer valid (it may have been open too long, or cookies are blocked). Please submit it again.',
  'forgot.error.channelRequired': 'Choose where to send it.',
  'forgot.choose.title': 'Choose where to send it',
  'forgot.choose.intro': 'Where should we send the link or code to reset your password?',
  'forgot.choose.email': 'Email a reset link to {address}',
  'forgot.choose.sms': 'Text a code to {phone}',
  'forgot.choose.note':
    'To protect personal data, this page does not reveal whether an account exists; if it does not, or has no verified contact details, nothing will be sent. If none of these works for you, contact the helpdesk.',
  'forgot.choose.other': 'Use another username or ID number',
  'forgot.sent.title': 'Check your email',
  'forgot.sent.email':
    'If the account details are right, a link to reset your password has been sent to {address}. It works for {minutes} minutes, once.',
  'forgot.sent.note':
    'Nothing arrived? Check your spam folder, or wait a few minutes and ask again; asking again makes earlier links stop working.',
  'forgot.code.title': 'Enter the code from the text message',
  'forgot.code.intro':
    'If the account details are right, a 6-digit code has been sent to {phone}. It works for {minutes} minutes.',
  'forgot.code.label': 'Code from the text message',
  'forgot.code.hint': '6 digits',
  'forgot.code.submit': 'Confirm',
  'forgot.code.resend': 'Send a new code',
  'forgot.code.note': 'Each code can be tried 5 times; a new code makes the earlier one stop working.',
  'forgot.error.codeRequired': 'Enter the code from the text message.',
  'forgot.error.codeFormat': 'The code has 6 digits.',
  'forgot.error.codeWrong': 'That code is wrong. You can try this code {remaining} more times.',
  'forgot.error.codeWrongLast': 'That code is wrong and no longer works. Please send a new code.',
  'forgot.error.codeExpired': 'This code has expired or no longer works. Please send a new code.',
  'forgot.error.codeExhausted':
    'This code was entered wrongly too many times and no longer works. Please send a new code.',
  'forgot.error.codeThrottled': 'Too many wrong codes. Please try again in {minutes} minutes.',
  'forgot.error.codeLocked':
    'Too many wrong codes: resetting by text message has been stopped. Please use email or contact the helpdesk.',
  'forgot.username.title': 'Forgot your Education Cloud username',
  'forgot.username.intro':
    'Enter your national ID number and date of birth. If they match, we send your username to your verified email and mobile phone; it is never shown on this page.',
  'forgot.username.nationalId': 'National ID number',
  'forgot.username.nationalIdHint': 'Or resident certificate number, e.g. A123456789',
  'forgot.username.birthDate': 'Date of birth',
  'forgot.username.birthDateHint': 'For example 1996-03-15, or ROC year 85/03/15',
  'forgot.username.submit': 'Send',
  'forgot.username.sentTitle': 'Check your email or phone',
  'forgot.username.sent':
    'If the details are right, your username has been sent to the verified email and mobile phone of the account. If nothing arrives, the details may not match or there is no verified contact: please contact the helpdesk.',
  'forgot.error.nationalIdRequired': 'Enter your national ID number.',
  'forgot.error.nationalIdTooLong': 'That national ID number is too long; it has 10 characters.',
  'forgot.error.birthDateRequired': 'Enter your date of birth.',
  'forgot.error.birthDateFormat':
    'That date of birth is not valid. Enter a date such as 1996-03-15 or ROC year 85/03/15.',
  'reset.title': 'Choose a new password',
  'reset.intro':
    'Choose a new password for {username}. Afterwards this account is signed out on every device and application.',
  'reset.username': 'Username',
  'reset.password': 'New password',
  'reset.passwordHint':
    'At least {min} characters; a long phrase of several words is best, and spaces and Chinese are fine. Common passwords and your username, name, ID number or date of birth are not allowed.',
  'reset.confirm': 'New password again',
  'reset.submit': 'Set new password',
  'reset.error.passwordRequired': 'Enter a new password.',
  'reset.error.confirmRequired': 'Enter the new password again.',
  'reset.error.mismatch': 'The two passwords are not the same.',
  'reset.error.tooShort': 'The password needs at least {min} characters.',
  'reset.error.tooLong': 'The password can have at most {max} characters.',
  'reset.error.common': 'This password is too common and easy to guess. Please choose another.',
  'reset.error.context': 'The password must not contain your username, name, ID number or date of birth.',
  'reset.link.invalidTitle': 'Invalid link',
  'reset.link.invalid':
    'This password reset link is not valid. Make sure you opened the whole link from the email, or ask again.',
  'reset.link.expiredTitle': 'Link expired',
  'reset.link.expired': 'This password reset link or page has expired. Please ask again.',
  'reset.link.usedTitle': 'Link no longer valid',
  'reset.link.used':
    'This password reset link has been used already, or a newer one was sent. Use the newest email, or ask again.',
  'reset.secondFactorTitle': 'Second factor required',
  'reset.secondFactor':
    'This account has a second sign-in factor, so its password cannot be reset here yet. Please contact the helpdesk.',
  'reset.restart': 'Reset your password again',
  'reset.backToLogin': 'Back to sign-in',
  'reset.done.title': 'Password reset',
  'reset.done.message':
    'Your new password works now. For your safety this account has been signed out on every device and application: sign in again with the new password.',
  'reset.done.next':
    'Go back to your school’s or learning service’s website and choose “Sign in with Education Cloud account”.',
} as const satisfies Record<MessageKey, string>;
