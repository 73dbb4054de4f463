// Regenerates apps/idp/captcha-audio/<locale>/<symbol>.pcm: each captcha symbol spoken once by
// espeak-ng (Debian `espeak-ng`), trimmed, as 16-bit mono PCM at 11025 Hz. Run by hand when the
// captcha alphabet changes; the service only reads the committed files (no speech engine at run time).
//   node scripts/captcha-audio.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ALPHABET = 'ACDEFHJKLMNPRTUWXY34679';
const ZH_DIGITS = { 3: '三', 4: '四', 6: '六', 7: '七', 9: '九' };
const VOICES = { en: 'en-us', 'zh-TW': 'cmn' };

function speak(voice, text) {
  const wav = execFileSync('espeak-ng', ['-v', voice, '-s', '120', '--stdout', text]);
  // RIFF header: find the "data" chunk; espeak-ng writes 22050 Hz, 16-bit, mono.
  const at = wav.indexOf('data');
  const pcm = wav.subarray(at + 8);
  const samples = new Int16Array(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + (pcm.length & ~1)));
  // Halve the rate (average pairs) and trim silence below 2 % of full scale.
  const half = new Int16Array(samples.length >> 1);
  for (let i = 0; i < half.length; i++) half[i] = (samples[2 * i] + samples[2 * i + 1]) >> 1;
  let start = 0;
  let end = half.length;
  while (start < end && Math.abs(half[start]) < 650) start++;
  while (end > start && Math.abs(half[end - 1]) < 650) end--;
  return Buffer.from(half.slice(Math.max(0, start - 200), Math.min(half.length, end + 200)).buffer);
}

for (const [locale, voice] of Object.entries(VOICES)) {
  const dir = join('apps', 'idp', 'captcha-audio', locale);
  mkdirSync(dir, { recursive: true });
  for (const symbol of ALPHABET) {
    const text = locale === 'zh-TW' && ZH_DIGITS[symbol] ? ZH_DIGITS[symbol] : symbol;
    writeFileSync(join(dir, `${symbol}.pcm`), speak(voice, text));
  }
}
