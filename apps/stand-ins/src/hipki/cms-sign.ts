import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CARD_SN_ATTRIBUTE } from '#certificate-auth';
import type { HolderCredential } from '../pki/test-pki.js';

const DATA = '1.2.840.113549.1.7.1';
const attr = (type: string, value: asn1js.BaseBlock) => new pkijs.Attribute({ type, values: [value] });

/**
 * What the component's MakeSignature with `signatureType: "PKCS7"` returns: an attached CMS
 * SignedData over the tbs, with signingTime, a random nonce (1.2.840.113549.1.9.25.3) and, with
 * `withCardSN`, the card number (2.16.886.1.100.2.204) as signed attributes.
 */
export async function cmsSign(tbs: Buffer, holder: HolderCredential, cardSN: string | null): Promise<Buffer> {
  const cert = pkijs.Certificate.fromBER(holder.cert.rawData);
  const signed = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: DATA,
      eContent: new asn1js.OctetString({ valueHex: tbs }),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            attr('1.2.840.113549.1.9.3', new asn1js.ObjectIdentifier({ value: DATA })),
            attr('1.2.840.113549.1.9.5', new asn1js.UTCTime({ valueDate: new Date() })),
            attr(
              '1.2.840.113549.1.9.4',
              new asn1js.OctetString({ valueHex: createHash('sha256').update(tbs).digest() }),
            ),
            attr('1.2.840.113549.1.9.25.3', new asn1js.OctetString({ valueHex: randomBytes(16) })),
            ...(cardSN ? [attr(CARD_SN_ATTRIBUTE, new asn1js.PrintableString({ value: cardSN }))] : []),
          ],
        }),
      }),
    ],
    certificates: [cert],
  });
  await signed.sign(holder.keys.privateKey, 0, 'SHA-256');
  const info = new pkijs.ContentInfo({
    contentType: pkijs.ContentInfo.SIGNED_DATA,
    content: signed.toSchema(true),
  });
  return Buffer.from(info.toSchema().toBER(false));
}
