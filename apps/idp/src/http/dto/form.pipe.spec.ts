import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IsNotEmpty } from 'class-validator';
import { FormDto, FormPipe, FormText, MaxChars, SameAs } from './form.pipe.js';
import { LoginDto } from './login.dto.js';
import { NewPasswordDto } from './new-password.dto.js';

class SampleDto extends FormDto {
  @FormText()
  csrf!: string;

  @FormText()
  @MaxChars(4)
  code!: string;

  @FormText({ cut: 6, trim: true })
  @IsNotEmpty()
  name!: string;

  @FormText()
  @IsNotEmpty()
  @SameAs('name')
  again!: string;
}

const pipe = new FormPipe();
const read = <T extends FormDto>(type: new () => T, body: unknown) =>
  pipe.transform(body, { type: 'body', metatype: type }) as T;

describe('FormPipe', () => {
  it('reads declared fields as strings: missing, arrays, numbers and objects are empty; others are dropped', () => {
    // As body-parser hands it over: "__proto__" is an own key there, never a prototype.
    const f = read(
      SampleDto,
      JSON.parse(
        '{"csrf": ["a", "b"], "code": 12, "name": {"x": 1}, "extra": "x", "__proto__": {"again": "p"}}',
      ),
    );
    assert.deepEqual(f.values(), { csrf: '', code: '', name: '', again: '' });
    assert.ok(f instanceof SampleDto);
    assert.equal((f as unknown as Record<string, unknown>).extra, undefined);
    for (const body of [undefined, null, 'text', ['a']])
      assert.deepEqual(read(SampleDto, body).values(), { csrf: '', code: '', name: '', again: '' });
  });

  it('cuts and trims where the form says so, and lists what is required, in field order', () => {
    const f = read(SampleDto, { name: '  abcdefgh', again: '' });
    assert.equal(f.name, 'abcd', 'cut to 6, then trimmed');
    assert.deepEqual(f.problems, [{ field: 'again', code: 'required' }]);
    assert.deepEqual(read(SampleDto, {}).problems, [
      { field: 'name', code: 'required' },
      { field: 'again', code: 'required' },
    ]);
    assert.deepEqual(
      read(SampleDto, { name: '   ', again: 'x' }).problems.map((p) => `${p.field}.${p.code}`),
      ['name.required', 'again.mismatch'],
    );
    assert.deepEqual(read(SampleDto, { name: 'same', again: 'same' }).problems, []);
  });

  it('blanks a value over its limit (counted in code points) and says the limit', () => {
    const f = read(SampleDto, { code: '12345', name: 'n', again: 'n' });
    assert.equal(f.code, '');
    assert.deepEqual(f.problems, [{ field: 'code', code: 'too_long', max: 4 }]);
    const wide = '𠀀𠀀𠀀𠀀'; // four characters, eight UTF-16 units
    assert.equal(read(SampleDto, { code: wide, name: 'n', again: 'n' }).code, wide);
  });

  it('keeps problems out of the values and out of JSON', () => {
    const f = read(SampleDto, {});
    assert.equal(Object.keys(f).includes('problems'), false);
    assert.equal(JSON.stringify(f).includes('problems'), false);
    assert.deepEqual(f.problems, [
      { field: 'name', code: 'required' },
      { field: 'again', code: 'required' },
    ]);
  });

  it('passes anything that is not a DTO body untouched', () => {
    const body = { a: 1 };
    assert.equal(pipe.transform(body, { type: 'body', metatype: Object }), body);
    assert.equal(pipe.transform(body, { type: 'body' }), body);
    assert.equal(pipe.transform('x', { type: 'param', metatype: SampleDto }), 'x');
  });

  it('login: cut to 200 and trimmed, password cut to 1024, captcha fields bounded; login then password required', () => {
    const f = read(LoginDto, {
      login: ` ${'a'.repeat(300)}`,
      password: 'p'.repeat(2000),
      captcha_id: 'i'.repeat(100),
      captcha: 'c'.repeat(100),
    });
    assert.deepEqual(
      [f.login.length, f.password.length, f.captcha_id.length, f.captcha.length],
      [199, 1024, 64, 16],
    );
    assert.deepEqual(f.problems, []);
    assert.deepEqual(
      read(LoginDto, { login: '   ' }).problems.map((p) => p.field),
      ['login', 'password'],
    );
  });

  it('new password: the first problem is password missing, then confirmation missing, then different', () => {
    const first = (body: object) => {
      const p = read(NewPasswordDto, body).problems[0];
      return p && `${p.field}.${p.code}`;
    };
    assert.equal(first({}), 'password.required');
    assert.equal(first({ confirm: 'x' }), 'password.required');
    assert.equal(first({ password: 'x' }), 'confirm.required');
    assert.equal(first({ password: 'x', confirm: 'y' }), 'confirm.mismatch');
    assert.equal(first({ password: 'x', confirm: 'x' }), undefined);
  });
});
