import { FormDto, FormText } from './form.pipe.js';

/** 忘記密碼 step 3: the code sent by SMS, with what the page showed (to draw it again). */
export class ResetCodeDto extends FormDto {
  @FormText()
  csrf!: string;

  @FormText()
  return!: string;

  @FormText()
  ticket!: string;

  @FormText()
  code!: string;

  /** The masked number the code went to. */
  @FormText()
  to!: string;

  @FormText()
  minutes!: string;

  @FormText()
  flow!: string;
}
