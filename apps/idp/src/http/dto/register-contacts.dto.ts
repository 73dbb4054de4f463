import { FIELD_MAX } from '../activation-form.js';
import { FormDto, FormText, MaxChars } from './form.pipe.js';

/** 啟用 step 3: the email address and mobile number to verify. */
export class RegisterContactsDto extends FormDto {
  @FormText()
  csrf!: string;

  @FormText()
  @MaxChars(FIELD_MAX.email!)
  email!: string;

  @FormText()
  @MaxChars(FIELD_MAX.phone!)
  phone!: string;
}
