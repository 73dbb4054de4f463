import { FIELD_MAX } from '../activation-form.js';
import { FormDto, FormText, MaxChars } from './form.pipe.js';

/** 查詢申請進度: reference number and birth date. */
export class ApplicationStatusDto extends FormDto {
  @FormText()
  csrf!: string;

  @FormText()
  @MaxChars(32)
  reference!: string;

  @FormText()
  @MaxChars(FIELD_MAX.birth_date!)
  birth_date!: string;
}
