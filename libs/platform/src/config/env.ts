/**
 * A tiny typed environment parser. Apps call `loadConfig(process.env)` once at boot from their
 * own `config/` folder; libs never read the environment. Every problem is collected so the
 * operator sees all of them at once, one line per variable.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export class EnvReader {
  readonly problems: string[] = [];
  constructor(
    private readonly env: Env,
    readonly production: boolean,
  ) {}

  string(name: string, fallback?: string, opts: { secret?: boolean } = {}): string {
    const raw = this.env[name];
    if (raw === undefined || raw === '') {
      if (fallback === undefined) {
        this.problems.push(`${name}: required`);
        return '';
      }
      if (opts.secret && this.production) {
        this.problems.push(`${name}: required in production (the development default is refused)`);
      }
      return fallback;
    }
    return raw;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      this.problems.push(`${name}: must be an integer from ${min} to ${max}`);
      return fallback;
    }
    return Number(raw);
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    this.problems.push(`${name}: must be true or false`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name}: must be one of ${allowed.join(', ')}`);
      return fallback;
    }
    return raw as T;
  }

  url(name: string, fallback: string, protocols: string[]): URL {
    const raw = this.string(name, fallback);
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) throw new Error();
      return u;
    } catch {
      this.problems.push(
        `${name}: must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
      );
      return new URL(fallback);
    }
  }

  /** Runs a parser over a value; a thrown message becomes that variable's problem line. */
  parsed<T>(name: string, value: string, parse: (v: string) => T): T | undefined {
    try {
      return parse(value);
    } catch (e) {
      this.problems.push(`${name}: ${(e as Error).message}`);
      return undefined;
    }
  }

  done(): void {
    if (this.problems.length) throw new ConfigError(this.problems);
  }
}
