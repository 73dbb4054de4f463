export * from './errors.js';
export * from './national-id.js';
export * from './pii-cipher.js';
export * from './password-policy.js';
export * from './password-hasher.js';
export * from './account-status.js';
export * from './birth-date.js';
export * from './roles.js';
