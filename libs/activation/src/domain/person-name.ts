/** A name as typed on a form: trimmed, 1–64 characters, no control characters. */
export const NAME_MAX = 64;

export function checkPersonName(
  input: string,
): { ok: true; value: string } | { ok: false; reason: 'empty' | 'too_long' | 'format' } {
  const v = input.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (!v) return { ok: false, reason: 'empty' };
  if ([...v].length > NAME_MAX) return { ok: false, reason: 'too_long' };
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029<>]/.test(v)) return { ok: false, reason: 'format' };
  return { ok: true, value: v };
}
