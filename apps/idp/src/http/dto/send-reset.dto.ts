import { FormDto, FormText } from './form.pipe.js';

/** 忘記密碼 step 2: the sealed flow and the chosen channel. */
export class SendResetDto extends FormDto {
  @FormText()
  csrf!: string;

  @FormText()
  return!: string;

  @FormText()
  flow!: string;

  @FormText()
  channel!: string;
}
