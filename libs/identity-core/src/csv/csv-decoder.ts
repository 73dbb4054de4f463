import iconv from 'iconv-lite';

export type CsvEncoding = 'utf-8' | 'big5' | 'utf-16le';

/**
 * School information systems in Taiwan export CSV in Big5 (Windows code page 950) as often as in
 * UTF-8. Valid UTF-8 (with or without a byte order mark) is read as UTF-8; anything else as
 * CP950, Microsoft's Big5, which is what those exports really are. A UTF-16 BOM ("Unicode text"
 * from Excel) is honoured too. Bytes that fit neither come out as U+FFFD, which `readCsvTable`
 * reports per line instead of importing mangled names.
 */
export function decodeCsv(bytes: Buffer): { text: string; encoding: CsvEncoding } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: bytes.subarray(2).toString('utf16le'), encoding: 'utf-16le' };
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    // A BOM promises UTF-8: keep that promise and let the bad lines be reported.
    if (bom) return { text: new TextDecoder('utf-8').decode(body), encoding: 'utf-8' };
    return { text: iconv.decode(bytes, 'cp950'), encoding: 'big5' };
  }
}
