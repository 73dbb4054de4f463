import { Injectable } from '@nestjs/common';
import type { SignInMethod, SignInSituation, SignInStage } from './sign-in-method.js';

const ID = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * Every sign-in method of this process, in the login page's order. Methods register once at boot
 * (SignInMethodsModule.register); nothing here changes per request, so any instance answers alike.
 */
@Injectable()
export class SignInMethodRegistry {
  private readonly methods = new Map<string, SignInMethod>();
  private ordered: SignInMethod[] = [];

  register(method: SignInMethod): void {
    if (!ID.test(method.id)) throw new Error(`sign-in method id "${method.id}" is not a URL-safe name`);
    if (this.methods.has(method.id)) throw new Error(`sign-in method "${method.id}" is registered twice`);
    if (!method.amr.length) throw new Error(`sign-in method "${method.id}" names no amr value`);
    if (!method.stages.length) throw new Error(`sign-in method "${method.id}" names no stage`);
    this.methods.set(method.id, method);
    this.ordered = [...this.methods.values()].sort(
      (a, b) => a.presentation.order - b.presentation.order || a.id.localeCompare(b.id),
    );
  }

  get(id: string): SignInMethod | undefined {
    return this.methods.get(id);
  }

  /** All methods, in the login page's order. */
  all(): readonly SignInMethod[] {
    return this.ordered;
  }

  /** The methods that can take `stage` in this situation, in order. */
  async available(stage: SignInStage, situation: SignInSituation): Promise<SignInMethod[]> {
    const usable = this.ordered.filter((m) => m.stages.includes(stage));
    const answers = await Promise.all(usable.map((m) => m.availableFor(situation)));
    return usable.filter((_, i) => answers[i]);
  }
}
