import { FIELD_MAX } from '../activation-form.js';
import { FormDto, FormText, MaxChars } from './form.pipe.js';

/** 申請教育雲端帳號: the application form. */
export class ApplyDto extends FormDto {
  @FormText()
  csrf!: string;

  @FormText()
  @MaxChars(FIELD_MAX.national_id!)
  national_id!: string;

  @FormText()
  @MaxChars(FIELD_MAX.name!)
  name!: string;

  @FormText()
  @MaxChars(FIELD_MAX.birth_date!)
  birth_date!: string;

  @FormText()
  @MaxChars(FIELD_MAX.email!)
  email!: string;

  @FormText()
  @MaxChars(FIELD_MAX.phone!)
  phone!: string;
}
