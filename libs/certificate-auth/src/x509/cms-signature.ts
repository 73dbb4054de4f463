import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CertificateRefused } from './certificate-problem.js';
import { toPkijs, useNodeCrypto } from './node-crypto.js';

/** MOICA's signed attribute with the card's serial number (HiPKI `withCardSN`). */
export const CARD_SN_ATTRIBUTE = '2.16.886.1.100.2.204';

export interface VerifiedSignature {
  /** The signed content (the attached eContent), as UTF-8. */
  content: string;
  /** The card serial the signed attributes carry, if any. */
  cardSerial: string | null;
}

function attributeText(attr: pkijs.Attribute | undefined): string | null {
  const v = attr?.values[0] as { valueBlock?: { value?: unknown; valueHexView?: Uint8Array } } | undefined;
  if (!v?.valueBlock) return null;
  if (typeof v.valueBlock.value === 'string') return v.valueBlock.value;
  if (v.valueBlock.valueHexView) return Buffer.from(v.valueBlock.valueHexView).toString('utf8');
  return null;
}

/**
 * Verifies an attached CMS SignedData (HiPKI `signatureType: "PKCS7"`) made by the key of `signer`
 * (the certificate the browser sent, which must be the one the CMS names): pkijs checks the
 * message digest and the signature over the signed attributes. Returns the content that was signed.
 */
export async function verifyCmsSignature(
  der: Buffer,
  signer: x509.X509Certificate,
): Promise<VerifiedSignature> {
  useNodeCrypto();
  let signed: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(der);
    if (info.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw new Error('not SignedData');
    signed = new pkijs.SignedData({ schema: info.content });
  } catch {
    throw new CertificateRefused('malformed');
  }
  const content = signed.encapContentInfo.eContent;
  if (!content || signed.signerInfos.length !== 1) throw new CertificateRefused('malformed');
  // Only the certificate that was sent may have signed: the CMS's own certificate list is ignored.
  signed.certificates = [toPkijs(signer)];
  let ok = false;
  try {
    ok = (await signed.verify({ signer: 0, checkChain: false })) === true;
  } catch {
    ok = false;
  }
  if (!ok) throw new CertificateRefused('bad_signature');
  const attrs = signed.signerInfos[0]!.signedAttrs?.attributes ?? [];
  const cardSerial = attributeText(attrs.find((a) => a.type === CARD_SN_ATTRIBUTE));
  const bytes = (content as asn1js.OctetString).getValue();
  return { content: Buffer.from(bytes).toString('utf8'), cardSerial };
}
