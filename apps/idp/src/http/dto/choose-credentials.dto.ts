import { FIELD_MAX } from '../activation-form.js';
import { FormDto, FormText, MaxChars } from './form.pipe.js';

/** 啟用 step 2: the account name and password (the use case judges them). */
export class ChooseCredentialsDto extends FormDto {
  @FormText()
  csrf!: string;

  @FormText()
  @MaxChars(FIELD_MAX.username!)
  username!: string;

  @FormText()
  @MaxChars(FIELD_MAX.password!)
  password!: string;

  @FormText()
  @MaxChars(FIELD_MAX.password_confirm!)
  password_confirm!: string;
}
