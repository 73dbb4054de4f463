import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { SignInMethodRegistry } from './sign-in-method.registry.js';
import type { SignInMethod } from './sign-in-method.js';

let registrations = 0;

/** A provider that registers `methods` (resolved by Nest) with the registry when the module starts. */
export function signInMethodRegistration(methods: Type<SignInMethod>[]): Provider {
  return {
    provide: Symbol(`sign-in methods #${++registrations}`),
    inject: [SignInMethodRegistry, ...methods],
    useFactory: (registry: SignInMethodRegistry, ...instances: SignInMethod[]) => {
      for (const m of instances) registry.register(m);
      return true;
    },
  };
}

/**
 * How a feature lib adds its ways in: `SignInMethodsModule.register([OtpSignInMethod])` in the
 * lib's module imports. The classes are providers of that module (they inject what the lib and
 * the global IdentityCoreModule provide) and join the registry at boot.
 */
@Module({})
export class SignInMethodsModule {
  static register(
    methods: Type<SignInMethod>[],
    options: Pick<DynamicModule, 'imports'> = {},
  ): DynamicModule {
    return {
      module: SignInMethodsModule,
      imports: options.imports ?? [],
      providers: [...methods, signInMethodRegistration(methods)],
      exports: methods,
    };
  }
}
