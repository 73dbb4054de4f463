import { IsNotEmpty } from 'class-validator';
import { FormDto, FormText, SameAs } from './form.pipe.js';

/** 重設密碼: the new password, twice (its strength is the use case's). */
export class NewPasswordDto extends FormDto {
  @FormText()
  csrf!: string;

  @FormText()
  return!: string;

  @FormText()
  ticket!: string;

  @FormText()
  @IsNotEmpty()
  password!: string;

  @FormText()
  @IsNotEmpty()
  @SameAs('password')
  confirm!: string;
}
