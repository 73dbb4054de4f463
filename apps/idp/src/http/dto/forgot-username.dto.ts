import { FormDto, FormText } from './form.pipe.js';

/** 忘記帳號: national ID and birth date (judged by the use case) and the captcha. */
export class ForgotUsernameDto extends FormDto {
  @FormText()
  csrf!: string;

  @FormText()
  return!: string;

  @FormText()
  nationalId!: string;

  @FormText()
  birthDate!: string;

  @FormText({ cut: 64 })
  captcha_id!: string;

  @FormText({ cut: 64 })
  captcha!: string;
}
