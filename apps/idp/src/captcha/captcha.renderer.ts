import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';

/**
 * Draws a captcha as a PNG. The text is never in the file as text or as glyph outlines (what made
 * the old SVG captcha readable by a short script): each character gets its own size, rotation,
 * shear and offset, the whole picture is bent by two sine waves, and strokes in the text's own
 * colours cross it, on speckled noise. Everything random comes from `seed`, so an id always shows
 * the same picture: fetching it again to average the noise away gains nothing.
 */

export const CAPTCHA_WIDTH = 200;
export const CAPTCHA_HEIGHT = 70;

const FONT_FAMILY = 'edu-sso captcha';
// Our own font file (DejaVu Sans Bold, from a package) rather than whatever the host has: a slim
// container image has none, and every host must draw the same.
GlobalFonts.registerFromPath(
  createRequire(import.meta.url).resolve('@fontsource/dejavu-sans/files/dejavu-sans-latin-700-normal.woff2'),
  FONT_FAMILY,
);

/** sfc32 seeded from 16 bytes: cheap and fast; its output only shapes the picture, never the text. */
export function generator(seed: Buffer): () => number {
  if (seed.length < 16) throw new RangeError('captcha seed needs 16 bytes');
  let [a, b, c, d] = [0, 4, 8, 12].map((o) => seed.readUInt32LE(o)) as [number, number, number, number];
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** The PNG (compressed off the event loop). */
export function renderCaptchaPng(text: string, seed: Buffer): Promise<Buffer> {
  const random = generator(seed);
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  const W = CAPTCHA_WIDTH;
  const H = CAPTCHA_HEIGHT;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');

  // Light background with a gentle gradient and speckles.
  const bg = ctx.createLinearGradient(0, 0, W, H);
  bg.addColorStop(0, hsl(between(0, 360), 40, between(88, 95)));
  bg.addColorStop(1, hsl(between(0, 360), 40, between(88, 95)));
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, W, H);
  for (let i = 0; i < 260; i++) {
    ctx.fillStyle = hsl(between(0, 360), 50, between(45, 85));
    ctx.fillRect(between(0, W), between(0, H), between(1, 2.5), between(1, 2.5));
  }

  const hues = Array.from(text, () => between(0, 360));
  const slot = (W - 24) / text.length;
  Array.from(text).forEach((ch, i) => {
    ctx.save();
    ctx.translate(14 + slot * i + slot / 2 + between(-4, 4), H / 2 + between(-6, 6));
    ctx.rotate(between(-0.5, 0.5));
    ctx.transform(1, between(-0.25, 0.25), between(-0.35, 0.35), 1, 0, 0);
    ctx.scale(between(0.85, 1.2), between(0.85, 1.15));
    ctx.font = `${Math.round(between(32, 40))}px "${FONT_FAMILY}"`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = hsl(hues[i]!, 65, between(22, 38));
    ctx.fillText(ch, 0, 0);
    ctx.restore();
  });

  // Strokes through the text, in its colours, so a colour filter cannot separate them.
  for (let i = 0; i < 3; i++) {
    const hue = hues[Math.floor(random() * hues.length)] ?? between(0, 360);
    clutterLine(ctx, hue, between, i === 0 ? 3 : 1.6);
  }

  warp(ctx, between);

  // A little noise on top of the bent picture, so the wave cannot simply be undone.
  for (let i = 0; i < 2; i++) clutterLine(ctx, between(0, 360), between, 1.2);
  for (let i = 0; i < 120; i++) {
    ctx.fillStyle = hsl(between(0, 360), 60, between(20, 60));
    ctx.fillRect(between(0, W), between(0, H), 1.4, 1.4);
  }
  return canvas.encode('png');
}

function clutterLine(
  ctx: SKRSContext2D,
  hue: number,
  between: (lo: number, hi: number) => number,
  width: number,
): void {
  const W = CAPTCHA_WIDTH;
  const H = CAPTCHA_HEIGHT;
  ctx.beginPath();
  ctx.moveTo(between(-10, W * 0.15), between(H * 0.2, H * 0.8));
  ctx.bezierCurveTo(
    between(W * 0.2, W * 0.45),
    between(-H * 0.3, H * 1.3),
    between(W * 0.55, W * 0.8),
    between(-H * 0.3, H * 1.3),
    between(W * 0.85, W + 10),
    between(H * 0.2, H * 0.8),
  );
  ctx.strokeStyle = hsl(hue, 65, between(25, 40));
  ctx.lineWidth = width;
  ctx.stroke();
}

/** Shifts columns up and down and rows left and right along two sine waves (a non-affine bend). */
function warp(ctx: SKRSContext2D, between: (lo: number, hi: number) => number): void {
  const W = CAPTCHA_WIDTH;
  const H = CAPTCHA_HEIGHT;
  const src = ctx.getImageData(0, 0, W, H);
  const out = ctx.createImageData(W, H);
  const [ay, fy, py] = [between(3, 5), between(0.03, 0.06), between(0, 2 * Math.PI)];
  const [ax, fx, px] = [between(2, 4), between(0.06, 0.12), between(0, 2 * Math.PI)];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const sx = Math.round(x + ax * Math.sin(y * fx + px));
      const sy = Math.round(y + ay * Math.sin(x * fy + py));
      const from = (clamp(sy, H) * W + clamp(sx, W)) * 4;
      const to = (y * W + x) * 4;
      for (let k = 0; k < 4; k++) out.data[to + k] = src.data[from + k]!;
    }
  }
  ctx.putImageData(out, 0, 0);
}

function clamp(v: number, size: number): number {
  return v < 0 ? 0 : v >= size ? size - 1 : v;
}

function hsl(h: number, s: number, l: number): string {
  return `hsl(${h.toFixed(0)} ${s}% ${l.toFixed(0)}%)`;
}
