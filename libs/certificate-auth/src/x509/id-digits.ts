import { AsnConvert } from '@peculiar/asn1-schema';
import { Attribute, SubjectDirectoryAttributes } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';

/** Subject Directory Attributes (RFC 5280 4.2.1.8). */
export const SUBJECT_DIRECTORY_ATTRIBUTES = '2.5.29.9';
/** MOICA's attribute holding the last four digits of the holder's national ID. */
export const ID_DIGITS_ATTRIBUTE = '2.16.886.1.100.2.51';

/**
 * The last four digits of the holder's national ID that a MOICA certificate carries, or null when
 * it carries none. The attribute's value is a string type (PrintableString in the certificates
 * seen); any ASN.1 string is accepted and its last four digits taken.
 */
export function idDigitsOf(cert: x509.X509Certificate): string | null {
  const ext = cert.getExtension(SUBJECT_DIRECTORY_ATTRIBUTES);
  if (!ext) return null;
  try {
    const attrs = AsnConvert.parse(ext.value, SubjectDirectoryAttributes);
    for (const a of attrs) {
      if (a.type !== ID_DIGITS_ATTRIBUTE) continue;
      for (const v of a.values) {
        const parsed = asn1js.fromBER(v);
        if (parsed.offset === -1) continue;
        const block = parsed.result as { valueBlock?: { value?: unknown } };
        const text = typeof block.valueBlock?.value === 'string' ? block.valueBlock.value : '';
        const m = /(\d{4})$/.exec(text.trim());
        if (m) return m[1]!;
      }
    }
  } catch {
    return null;
  }
  return null;
}

/** Encodes the attribute as the stand-in PKI writes it: one PrintableString with the four digits. */
export function idDigitsExtension(digits: string): x509.Extension {
  const value = new asn1js.PrintableString({ value: digits }).toBER(false);
  const attrs = new SubjectDirectoryAttributes([
    new Attribute({ type: ID_DIGITS_ATTRIBUTE, values: [value] }),
  ]);
  return new x509.Extension(SUBJECT_DIRECTORY_ATTRIBUTES, false, AsnConvert.serialize(attrs));
}
