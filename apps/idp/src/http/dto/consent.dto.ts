import { FormDto, FormText } from './form.pipe.js';

/** The consent form: `approve`, anything else denies. */
export class ConsentDto extends FormDto {
  @FormText()
  decision!: string;
}
