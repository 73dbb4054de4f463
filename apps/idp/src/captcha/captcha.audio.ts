import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findInRepo, type Locale } from '#web';
import { generator } from './captcha.renderer.js';

const RATE = 11025;

/** The spoken symbols (scripts/captcha-audio.mjs), loaded once per locale. */
const voices = new Map<Locale, Map<string, Int16Array>>();

function voice(locale: Locale): Map<string, Int16Array> {
  let v = voices.get(locale);
  if (v) return v;
  const dir = findInRepo(join('apps', 'idp', 'captcha-audio', locale));
  if (!dir) throw new Error(`captcha audio for ${locale} not found`);
  v = new Map();
  for (const symbol of 'ACDEFHJKLMNPRTUWXY34679') {
    const buf = readFileSync(join(dir, `${symbol}.pcm`));
    v.set(symbol, new Int16Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length)));
  }
  voices.set(locale, v);
  return v;
}

/**
 * The captcha's answer spoken (the non-visual alternative to the picture): each symbol in the
 * page's language, at a varying loudness and pause, over background noise, as a WAV file.
 * Like the picture, everything random comes from the captcha's seed, so every fetch of one
 * captcha gives the same sound (averaging several fetches removes no noise).
 */
export function renderCaptchaWav(answer: string, locale: Locale, seed: Buffer): Buffer {
  const random = generator(seed);
  const spoken = voice(locale);
  const parts: Int16Array[] = [];
  const pause = (min: number, max: number) =>
    new Int16Array(Math.round(RATE * (min + random() * (max - min))));
  parts.push(pause(0.4, 0.7));
  for (const ch of answer.toUpperCase()) {
    const sample = spoken.get(ch);
    if (!sample) throw new RangeError(`no audio for ${ch}`);
    const gain = 0.7 + random() * 0.3;
    parts.push(sample.map((s) => Math.round(s * gain)));
    parts.push(pause(0.35, 0.8));
  }
  const length = parts.reduce((n, p) => n + p.length, 0);
  const pcm = new Int16Array(length);
  let at = 0;
  for (const p of parts) {
    pcm.set(p, at);
    at += p.length;
  }
  // Low noise under everything: quiet enough for people, a nuisance for naive template matching.
  for (let i = 0; i < pcm.length; i++) {
    const v = pcm[i]! + Math.round((random() - 0.5) * 1400);
    pcm[i] = Math.max(-32768, Math.min(32767, v));
  }
  return wav(pcm);
}

function wav(pcm: Int16Array): Buffer {
  const data = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16); // PCM chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
