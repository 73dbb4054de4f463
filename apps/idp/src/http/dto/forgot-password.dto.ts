import { FormDto, FormText } from './form.pipe.js';

/** 忘記密碼 step 1: the identifier (judged by the use case) and the captcha. */
export class ForgotPasswordDto extends FormDto {
  @FormText()
  csrf!: string;

  /** The login page to go back to (checked by `returnTo`). */
  @FormText()
  return!: string;

  @FormText()
  identifier!: string;

  @FormText({ cut: 64 })
  captcha_id!: string;

  @FormText({ cut: 64 })
  captcha!: string;
}
