import { Module, type DynamicModule } from '@nestjs/common';
import { CAPTCHA_OPTIONS, CaptchaService, type CaptchaOptions } from './captcha.service.js';

/** Provides CaptchaService; REDIS comes from the global RedisModule. */
@Module({})
export class CaptchaModule {
  static forRootAsync(options: {
    imports?: DynamicModule['imports'];
    inject?: unknown[];
    useFactory: (...args: any[]) => CaptchaOptions | Promise<CaptchaOptions>;
  }): DynamicModule {
    return {
      module: CaptchaModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: CAPTCHA_OPTIONS,
          inject: (options.inject ?? []) as never[],
          useFactory: options.useFactory,
        },
        CaptchaService,
      ],
      exports: [CaptchaService],
    };
  }
}
