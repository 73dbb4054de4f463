import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { pngChunks } from '#test-support';
import { CAPTCHA_HEIGHT, CAPTCHA_WIDTH, renderCaptchaPng } from './captcha.renderer.js';

const seed = (n: number) => createHash('sha256').update(`seed ${n}`).digest().subarray(0, 16);

async function pixels(png: Buffer): Promise<Uint8ClampedArray> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return ctx.getImageData(0, 0, image.width, image.height).data;
}

/** Share of pixels whose colour differs clearly between two pictures of the same size. */
function differing(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4)
    if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) > 96) n++;
  return n / (a.length / 4);
}

function ink(data: Uint8ClampedArray): boolean[] {
  const dark: boolean[] = [];
  for (let i = 0; i < data.length; i += 4) dark.push(data[i]! + data[i + 1]! + data[i + 2]! < 330);
  return dark;
}

/** Intersection over union of two sets of dark pixels. */
function overlap(a: boolean[], b: boolean[]): number {
  let both = 0;
  let either = 0;
  a.forEach((x, i) => {
    if (x && b[i]) both++;
    if (x || b[i]) either++;
  });
  return both / either;
}

describe('captcha renderer', () => {
  it('draws a PNG of the fixed size, the same for the same seed', async () => {
    const png = await renderCaptchaPng('ACK47', seed(1));
    assert.deepEqual(pngChunks(png).ihdr, { width: CAPTCHA_WIDTH, height: CAPTCHA_HEIGHT });
    assert.deepEqual(await renderCaptchaPng('ACK47', seed(1)), png);
  });

  it('draws the characters with its own font (they add ink over the same background)', async () => {
    for (let n = 0; n < 5; n++) {
      const text = await pixels(await renderCaptchaPng('MWKXH', seed(n)));
      const blank = await pixels(await renderCaptchaPng('     ', seed(n)));
      assert.ok(differing(text, blank) > 0.08, `seed ${n}: ${differing(text, blank)}`);
    }
  });

  it('bends the same text differently each time, so no fixed picture of a glyph matches it', async () => {
    // The dark pixels (characters and strokes) of two pictures of one text barely overlap.
    const first = ink(await pixels(await renderCaptchaPng('HJKMN', seed(10))));
    for (let n = 11; n < 15; n++) {
      const other = ink(await pixels(await renderCaptchaPng('HJKMN', seed(n))));
      assert.ok(overlap(first, other) < 0.45, `seed ${n}: ${overlap(first, other)}`);
    }
  });
});
