import { IsNotEmpty } from 'class-validator';
import { FormDto, FormText, MaxChars, SameAs } from './form.pipe.js';

/** A My account button: the CSRF field only. */
export class AccountActionDto extends FormDto {
  @FormText()
  csrf!: string;
}

/** Ending one session: its public id. */
export class AccountSessionDto extends AccountActionDto {
  @FormText({ cut: 64 })
  session!: string;
}

/** A code (authenticator app, new email or mobile). */
export class AccountCodeDto extends AccountActionDto {
  @FormText({ trim: true })
  @MaxChars(32)
  code!: string;
}

/** A new email or mobile. */
export class AccountContactDto extends AccountActionDto {
  @FormText({ trim: true })
  @IsNotEmpty()
  @MaxChars(254)
  value!: string;
}

/** A new password, twice (its strength is the use case's). */
export class AccountPasswordDto extends AccountActionDto {
  @FormText()
  @IsNotEmpty()
  @MaxChars(128)
  password!: string;

  @FormText()
  @IsNotEmpty()
  @SameAs('password')
  confirm!: string;
}
