import { IdentityCore1764180000000 } from './1764180000000-IdentityCore.js';
import { OidcEngine1764190000000 } from './1764190000000-OidcEngine.js';
import { Notifications1764200000000 } from './1764200000000-Notifications.js';
import { NotificationDeliveries1764210000000 } from './1764210000000-NotificationDeliveries.js';
import { Activation1764220000000 } from './1764220000000-Activation.js';
import { PasswordReset1764230000000 } from './1764230000000-PasswordReset.js';
import { HashTokenIds1764300000100 } from './1764300000100-HashTokenIds.js';
import { SessionBoundRefreshTokens1764300000110 } from './1764300000110-SessionBoundRefreshTokens.js';
import { BinaryIdentifierCollation1764300000300 } from './1764300000300-BinaryIdentifierCollation.js';
import { OtpFactors1764400000000 } from './1764400000000-OtpFactors.js';
import { CountyFederation1764500000000 } from './1764500000000-CountyFederation.js';
import { CertificateBindings1764600000000 } from './1764600000000-CertificateBindings.js';
import { Directory1764700000000 } from './1764700000000-Directory.js';
import { StaffRoles1764800000000 } from './1764800000000-StaffRoles.js';
import { AuditChain1764900000000 } from './1764900000000-AuditChain.js';
import { NotificationRequeue1764900000100 } from './1764900000100-NotificationRequeue.js';
import { RosterImports1764900000200 } from './1764900000200-RosterImports.js';
import { ApplicationDuplicates1764900000300 } from './1764900000300-ApplicationDuplicates.js';
import { ApplicationReference1765000000000 } from './1765000000000-ApplicationReference.js';
import { RosterImportScope1765100000000 } from './1765100000000-RosterImportScope.js';
import { SchoolStatus1765200000000 } from './1765200000000-SchoolStatus.js';
import { AuditActorIndex1765300000000 } from './1765300000000-AuditActorIndex.js';
import { AccountPhoneIndex1765400000000 } from './1765400000000-AccountPhoneIndex.js';

/** Every migration, in order. ESM has no glob loading: add new ones here. */
export const MIGRATIONS = [
  IdentityCore1764180000000,
  OidcEngine1764190000000,
  Notifications1764200000000,
  NotificationDeliveries1764210000000,
  Activation1764220000000,
  PasswordReset1764230000000,
  HashTokenIds1764300000100,
  SessionBoundRefreshTokens1764300000110,
  BinaryIdentifierCollation1764300000300,
  OtpFactors1764400000000,
  CountyFederation1764500000000,
  CertificateBindings1764600000000,
  Directory1764700000000,
  StaffRoles1764800000000,
  AuditChain1764900000000,
  NotificationRequeue1764900000100,
  RosterImports1764900000200,
  ApplicationDuplicates1764900000300,
  ApplicationReference1765000000000,
  RosterImportScope1765100000000,
  SchoolStatus1765200000000,
  AuditActorIndex1765300000000,
  AccountPhoneIndex1765400000000,
];
