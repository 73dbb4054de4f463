/**
 * The component's card-detection image: the pkcs11info JSON in a one-row 24-bit BMP, three
 * characters per pixel (blue, green, red), read by pages through a canvas (the one resource of
 * the component that allows cross-origin reads). Non-ASCII characters travel as \\uXXXX escapes.
 */
export function jsonBmp(json: string): Buffer {
  const text = json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const width = Math.max(1, Math.ceil(text.length / 3));
  const row = Math.ceil((width * 3) / 4) * 4;
  const out = Buffer.alloc(54 + row);
  out.write('BM', 0, 'ascii');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(1, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(row, 34);
  for (let i = 0; i < text.length; i++) out[54 + i] = text.charCodeAt(i);
  return out;
}
