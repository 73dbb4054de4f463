import { FIELD_MAX } from '../activation-form.js';
import { FormDto, FormText, MaxChars } from './form.pipe.js';

/** 啟用 step 1: who the person is, and the activation code. */
export class ProveIdentityDto extends FormDto {
  @FormText()
  csrf!: string;

  @FormText()
  @MaxChars(FIELD_MAX.national_id!)
  national_id!: string;

  @FormText()
  @MaxChars(FIELD_MAX.birth_date!)
  birth_date!: string;

  @FormText()
  @MaxChars(FIELD_MAX.activation_code!)
  activation_code!: string;
}
