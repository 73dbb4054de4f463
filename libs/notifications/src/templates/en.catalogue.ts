import type { Catalogue } from './message-template.js';

const BRAND = '[Education Cloud Account]';
const IGNORE = 'If you did not ask for this, you can ignore this email.';
const NOT_YOU = 'If this was not you, open this link now to sign out everywhere, and change your password:';

export const en: Catalogue = {
  chrome: {
    lang: 'en',
    fraudNotice:
      'Beware of fraud: the Ministry of Education and Education Cloud Account staff will never ask for your password or codes. Do not share a code with anyone.',
    automated:
      'This email was sent automatically by the Education Cloud Account service; please do not reply.',
  },
  templates: {
    'activation.code-issued': {
      subject: 'Your Education Cloud Account activation code',
      body: [
        'Your Education Cloud Account activation code is: {code}',
        'Please activate your account before {expiresAt} at:',
        '{link}',
        IGNORE,
      ],
      sms: `${BRAND} Activation code {code}, valid until {expiresAt}. Do not share it.`,
    },
    'contact.verify-email': {
      subject: 'Verify your email address',
      body: [
        'Your email verification code is: {code}',
        `Please enter it within {minutes} minutes. ${IGNORE}`,
      ],
      sms: `${BRAND} Email verification code {code}, valid for {minutes} minutes. Do not share it.`,
    },
    'contact.verify-phone': {
      subject: 'Verify your mobile number',
      body: [
        'Your mobile verification code is: {code}',
        `Please enter it within {minutes} minutes. ${IGNORE}`,
      ],
      sms: `${BRAND} Mobile verification code {code}, valid for {minutes} minutes. Do not share it.`,
    },
    'password-reset.link': {
      subject: 'Reset your Education Cloud Account password',
      body: [
        'We received a request to reset your Education Cloud Account password. Open this link within {minutes} minutes to choose a new password:',
        '{link}',
        'If you did not ask for this, ignore this email: your password will not change.',
      ],
      sms: `${BRAND} Reset your password within {minutes} minutes: {link}`,
    },
    'password-reset.code': {
      subject: 'Your password reset code',
      body: [
        'Your password reset code is: {code}',
        'Please enter it within {minutes} minutes. If you did not ask for this, ignore this email: your password will not change.',
      ],
      sms: `${BRAND} Password reset code {code}, valid for {minutes} minutes. Do not share it.`,
    },
    'password.changed': {
      subject: 'Your Education Cloud Account password was changed',
      body: [
        'Dear {name},',
        'The password of your Education Cloud Account was just changed.',
        'If this was not you, reset your password now and contact the helpdesk.',
      ],
      sms: `${BRAND} Your password was changed. If this was not you, reset it now and contact the helpdesk.`,
    },
    'username.reminder': {
      subject: 'Your Education Cloud Account',
      body: [
        'Dear {name},',
        'Your Education Cloud Account is: {username}',
        'Open this link to sign in (your account is filled in for you):',
        '{link}',
        'If you did not ask for this, you can ignore this email.',
      ],
      sms: `${BRAND} Your account is {username}. Sign in: {link} If you did not ask, ignore this message.`,
    },
    'application.received': {
      subject: 'We received your Education Cloud Account application',
      body: [
        'Dear {name},',
        'We received your application for an Education Cloud Account and will let you know once it has been reviewed.',
        'Your reference number: {reference}',
        'To check its status, open this page and enter the reference number and your date of birth:',
        '{link}',
      ],
      sms: `${BRAND} We received your application {reference} and will let you know once it has been reviewed. Status: {link}`,
    },
    'application.approved': {
      subject: 'Your Education Cloud Account application was approved',
      body: [
        'Dear {name},',
        'Your application {reference} for an Education Cloud Account was approved.',
        'Your activation code: {code} (valid until {expiresAt})',
        'Open this link and enter your national ID number, date of birth and the activation code to choose your account name and password:',
        '{link}',
      ],
      sms: `${BRAND} Application {reference} approved. Activation code {code}, valid until {expiresAt}: {link}`,
    },
    'application.rejected': {
      subject: 'Your Education Cloud Account application was not approved',
      body: [
        'Dear {name},',
        'We are sorry: your application for an Education Cloud Account was not approved. Reason: {reason}',
        'If you have questions, please contact the helpdesk.',
      ],
      sms: `${BRAND} Your application was not approved: {reason}. Questions? Contact the helpdesk.`,
    },
    'sign-in.code': {
      subject: 'Your Education Cloud Account sign-in code',
      body: ['Your sign-in code is: {code}', `Please enter it within {minutes} minutes. ${IGNORE}`],
      sms: `${BRAND} Sign-in code {code}, valid for {minutes} minutes. Do not share it.`,
    },
    'security.method-added': {
      subject: 'A sign-in method was added to your Education Cloud Account',
      body: [
        'Dear {name},',
        'A sign-in method was just added to your Education Cloud Account: {method}.',
        NOT_YOU,
        '{link}',
      ],
      sms: `${BRAND} Sign-in method added: {method}. Not you? Sign out everywhere: {link}`,
    },
    'security.method-removed': {
      subject: 'A sign-in method was removed from your Education Cloud Account',
      body: [
        'Dear {name},',
        'A sign-in method was just removed from your Education Cloud Account: {method}.',
        NOT_YOU,
        '{link}',
      ],
      sms: `${BRAND} Sign-in method removed: {method}. Not you? Sign out everywhere: {link}`,
    },
    'security.new-device': {
      subject: 'New sign-in to your Education Cloud Account',
      body: [
        'Dear {name},',
        'Your Education Cloud Account was signed in to from a new device at {time} ({device}, IP {place}).',
        NOT_YOU,
        '{link}',
      ],
      sms: `${BRAND} New sign-in at {time}. Not you? Sign out everywhere: {link}`,
    },
    'contact.changed': {
      subject: 'Your Education Cloud Account contact details were changed',
      body: [
        'Dear {name},',
        'The {channel} of your Education Cloud Account was just changed; this goes to the old one.',
        NOT_YOU,
        '{link}',
      ],
      sms: `${BRAND} Your {channel} was changed. Not you? Sign out everywhere: {link}`,
    },
  },
};
