import { IdentityCore1764180000000 } from './1764180000000-IdentityCore.js';
import { OidcEngine1764190000000 } from './1764190000000-OidcEngine.js';
import { Notifications1764200000000 } from './1764200000000-Notifications.js';

/** Every migration, in order. ESM has no glob loading: add new ones here. */
export const MIGRATIONS = [IdentityCore1764180000000, OidcEngine1764190000000, Notifications1764200000000];
