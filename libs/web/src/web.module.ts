import { Module, type DynamicModule } from '@nestjs/common';
import { WebCookies } from './http/cookies.js';
import { CsrfService } from './http/csrf.js';
import { resolveWebOptions, WEB_OPTIONS, type WebOptions } from './web.options.js';

const EXPORTED = [CsrfService, WebCookies];

/**
 * The injectable part of the web kit: CSRF tokens for forms and the app's cookies. The rest
 * (pages, layout, i18n, `sendPage`) is plain functions, imported from `#web`.
 */
@Module({})
export class WebModule {
  static forRoot(options: WebOptions): DynamicModule {
    return WebModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: {
    imports?: DynamicModule['imports'];
    inject?: never[];
    useFactory: (...args: any[]) => WebOptions | Promise<WebOptions>;
  }): DynamicModule {
    return {
      module: WebModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: WEB_OPTIONS,
          inject: options.inject ?? [],
          useFactory: async (...args: any[]) => resolveWebOptions(await options.useFactory(...args)),
        },
        ...EXPORTED,
      ],
      exports: EXPORTED,
    };
  }
}
