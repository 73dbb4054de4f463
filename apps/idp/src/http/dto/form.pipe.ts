import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { Expose, plainToInstance, Transform } from 'class-transformer';
import { ValidateBy, validateSync, type ValidationArguments, type ValidationError } from 'class-validator';

/** One thing wrong with one posted field, before any use case sees it. */
export interface FieldProblem {
  /** The form field's name, as posted. */
  field: string;
  /** `required`, `too_long` or `mismatch`. */
  code: string;
  /** For `too_long`: the most characters the field takes. */
  max?: number;
}

/**
 * A posted form (or JSON body) as the page reads it. Subclasses declare their fields with
 * `@FormText()` and the edge rules with class-validator decorators; the FormPipe fills them in
 * and lists what is wrong in `problems`. It does not throw: the handler draws its own page with
 * the messages in its own words, after checking CSRF, as before. Rules about what a value means
 * (a national ID's checksum, a password's strength) stay in the use cases.
 */
export abstract class FormDto {
  /** Filled by the FormPipe; not a field (not enumerable, never read from the body). */
  declare readonly problems: readonly FieldProblem[];

  /** The declared fields as strings, for code that reads forms by field name. */
  values(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(this)) if (typeof v === 'string') out[k] = v;
    return out;
  }
}

/**
 * A form field read as a string: anything else (missing, a repeated field's array, a JSON
 * number) is ''. `cut` keeps at most that many UTF-16 units (the login form cuts instead of
 * refusing), `trim` removes surrounding white space after the cut.
 */
export function FormText(opts: { cut?: number; trim?: boolean } = {}): PropertyDecorator {
  const expose = Expose();
  const transform = Transform(({ value }) => {
    let s = typeof value === 'string' ? value : '';
    if (opts.cut !== undefined) s = s.slice(0, opts.cut);
    return opts.trim ? s.trim() : s;
  });
  return (target, key) => {
    expose(target, key);
    transform(target, key);
  };
}

/**
 * At most `max` characters, counted as code points (what a person sees as one character
 * mostly). A longer value is blanked by the pipe, so nothing oversized reaches a use case and
 * nothing is silently cut.
 */
export function MaxChars(max: number): PropertyDecorator {
  return ValidateBy({
    name: 'too_long',
    constraints: [max],
    validator: {
      validate: (v: unknown) => typeof v !== 'string' || [...v].length <= max,
      // The message is the limit: the pipe reads it back into FieldProblem.max.
      defaultMessage: () => String(max),
    },
  });
}

/** Equal to another field of the same form (a password typed twice). */
export function SameAs(other: string): PropertyDecorator {
  return ValidateBy({
    name: 'mismatch',
    constraints: [other],
    validator: {
      // An empty value is left to IsNotEmpty, whichever order the decorators run in.
      validate: (v: unknown, args?: ValidationArguments) =>
        v === '' || v === (args?.object as Record<string, unknown> | undefined)?.[other],
    },
  });
}

/** class-validator's constraint names → our problem codes. */
const CODES: Readonly<Record<string, string>> = { isNotEmpty: 'required' };

/**
 * The idp's one validation pipe: every `@Body()` declared as a FormDto subclass goes through it
 * (registered once, as APP_PIPE). Other parameters pass untouched.
 */
@Injectable()
export class FormPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const type = metadata.metatype;
    if (metadata.type !== 'body' || !type || !(type.prototype instanceof FormDto)) return value;
    const plain = value && typeof value === 'object' && !Array.isArray(value) ? value : {};
    const form = plainToInstance(type as new () => FormDto, plain, {
      excludeExtraneousValues: true,
      exposeDefaultValues: false,
    });
    const problems: FieldProblem[] = [];
    for (const e of validateSync(form, { stopAtFirstError: true, forbidUnknownValues: false })) {
      problems.push(...problemsOf(e));
      // Too long: blank it (see MaxChars).
      if (e.constraints?.too_long) (form as unknown as Record<string, string>)[e.property] = '';
    }
    Object.defineProperty(form, 'problems', { value: problems, enumerable: false });
    return form;
  }
}

function problemsOf(e: ValidationError): FieldProblem[] {
  return Object.entries(e.constraints ?? {}).map(([name, message]) =>
    name === 'too_long'
      ? { field: e.property, code: name, max: Number(message) }
      : { field: e.property, code: CODES[name] ?? name },
  );
}
