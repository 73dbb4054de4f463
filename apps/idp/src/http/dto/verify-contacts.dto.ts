import { FIELD_MAX } from '../activation-form.js';
import { FormDto, FormText, MaxChars } from './form.pipe.js';

/** The codes sent to the email address and the phone (activation and application). */
export class VerifyContactsDto extends FormDto {
  @FormText()
  csrf!: string;

  @FormText()
  @MaxChars(FIELD_MAX.email_code!)
  email_code!: string;

  @FormText()
  @MaxChars(FIELD_MAX.phone_code!)
  phone_code!: string;
}
