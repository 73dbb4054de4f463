/** The chunk types of a PNG and its size from IHDR; throws unless the bytes are a PNG. */
export function pngChunks(png: Buffer): { types: string[]; ihdr: { width: number; height: number } } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 33 || !png.subarray(0, 8).equals(signature)) throw new Error('not a PNG');
  const types: string[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    types.push(png.toString('latin1', at + 4, at + 8));
    at += 12 + length;
  }
  if (types[0] !== 'IHDR' || types.at(-1) !== 'IEND') throw new Error('PNG without IHDR or IEND');
  return { types, ihdr: { width: png.readUInt32BE(16), height: png.readUInt32BE(20) } };
}
