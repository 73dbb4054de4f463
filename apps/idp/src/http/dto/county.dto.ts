import { FormText } from './form.pipe.js';
import { AccountActionDto } from './account.dto.js';

/** A county button: which county (its id), and the CSRF field. */
export class CountyChoiceDto extends AccountActionDto {
  @FormText({ trim: true, cut: 64 })
  county!: string;
}
