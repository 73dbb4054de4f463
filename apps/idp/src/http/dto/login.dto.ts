import { IsNotEmpty } from 'class-validator';
import { FormDto, FormText } from './form.pipe.js';

/** The login form of an interaction. Over-long input is cut, not refused (as before). */
export class LoginDto extends FormDto {
  @FormText({ cut: 200, trim: true })
  @IsNotEmpty()
  login!: string;

  @FormText({ cut: 1024 })
  @IsNotEmpty()
  password!: string;

  @FormText({ cut: 64 })
  captcha_id!: string;

  @FormText({ cut: 16 })
  captcha!: string;

  /** 換下一個 pressed: a new captcha, what was typed kept (not the password). */
  @FormText({ cut: 8 })
  captcha_refresh!: string;
}
