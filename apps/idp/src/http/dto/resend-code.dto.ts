import { FormDto, FormText } from './form.pipe.js';

/** "Send the code again" to `email` or `phone`. */
export class ResendCodeDto extends FormDto {
  @FormText()
  csrf!: string;

  @FormText()
  channel!: string;
}
