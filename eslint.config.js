/**
 * ESLint flat config: typescript-eslint `recommended` (syntax only, no type information, so it stays fast)
 * plus the import directions of the monorepo, expressed with two independent rules so that neither one
 * has to repeat the other's options (ESLint replaces, not merges, a rule's options between config objects):
 *
 *  A. `no-restricted-imports` — PATHS. A relative import may not climb out of its own `apps/<x>/` or
 *     `libs/<x>/` folder (that would reach another app, another lib, or a lib from an app), and nobody may
 *     use a deep `#lib/...` path: a lib is entered only through `#name` (= libs/<name>/src/index.ts).
 *     A file N folders below `libs/<x>/` (or `apps/<x>/`) leaves it with N+1 `../`, so one config object is
 *     generated per depth. Exception: `*.spec.ts` may climb to the repo root's `test/`.
 *     `test/` and `bench/` files may not reach into `libs/` by relative path either.
 *
 *  B. `@typescript-eslint/no-restricted-imports` — GRAPH. Which `#lib`s and packages each zone may import:
 *       #database                        -> no lib at all
 *       #platform (config, REDIS, logging, http bootstrap: infrastructure under every lib but #database)
 *                                        -> #database
 *       #identity-core                   -> #database, #platform
 *       #notifications                   -> #identity-core, #database, #platform
 *       #web (html, layout, form fields, i18n core, CSRF, cookies, sendPage: the pages' kit)
 *                                        -> no lib at all; and only apps import it (libs never render pages)
 *       #relying-party (the project as an OpenID Connect / OAuth 2 client: a kit for feature libs)
 *                                        -> #identity-core, #database, #platform
 *       every other lib ("feature" libs: #oidc, #activation, #password-reset, #directory, #otp, #county-federation,
 *       #certificate-auth, #accounts, and any lib added later)
 *                                        -> #identity-core, #database, #notifications, #platform,
 *                                           #relying-party (county federation signs in at county providers)
 *       apps/*                           -> any #lib (but see A: no other app, no deep path)
 *     (#web is in no lib's list, so a lib importing it is refused like any other lib outside its list.)
 *     `oidc-provider` (and its subpaths) only under libs/oidc/, and in the tests of libs/relying-party (where it
 *     plays the upstream provider), and in test/support/counties/ (the county stand-ins tests and `npm start` run).
 *     `openid-client` only under libs/relying-party/, in test code (any tier) and bench/ (they play outside
 *     relying parties), and in apps/demo-rp (the development stand-in for an outside relying party).
 *     `#test-support` (test/support) only from test code: `*.spec.ts`, `libs/<x>/test/`, `apps/<x>/test/`,
 *     `test/`, `bench/`. Test code of lib X may also import `#X` itself (black-box tests); other lib code
 *     importing its own `#name` is refused (it would cycle through its index).
 *
 * Both rules see `import`, `import type`, `export ... from`; not dynamic `import()` nor `require()`.
 *
 *  C. `no-restricted-syntax` — OWNERSHIP. identity-core owns its tables (accounts, affiliations, schools,
 *     audit_events). `#identity-core` exports its entities as types only, so the compiler already refuses
 *     `getRepository(AccountEntity)` anywhere else; this rule closes the two ways around that in non-test
 *     code outside libs/identity-core and libs/database: SQL text that writes one of those tables
 *     (`INSERT INTO accounts`, `UPDATE accounts`, `DELETE FROM affiliations`, ...) and a repository looked
 *     up by table or entity name (`getRepository('accounts')`). Tests may still seed and inspect them.
 *
 * Hand-checked cases (each linted with `eslint --stdin --stdin-filename <path>`, a few also as temporary files
 * copied into the tree and deleted; A/B = which rule reports, ok = nothing reported):
 *   libs/otp/src/a.ts            import '../../oidc/src/index.js'            -> A (leaves libs/otp)
 *   libs/otp/src/x/a.ts          import '../../../apps/idp/src/main.js'      -> A
 *   libs/otp/src/x/a.ts          import '../b.js', './c.js', '../..'         -> ok (inside libs/otp)
 *   libs/otp/src/x/a.ts          import '../../..'                           -> A
 *   libs/otp/src/a.spec.ts       import '../../../test/helpers.js'           -> ok (spec -> test/)
 *   libs/otp/src/a.ts            import '../../../test/helpers.js'           -> A (not a spec)
 *   libs/otp/src/a.spec.ts       import '../../../apps/idp/src/main.js'      -> A
 *   libs/otp/src/a.ts            import '#database/src/entities.js'          -> A (deep path)
 *   libs/otp/src/a.ts            import '#identity-core', '#database', '#notifications', '#platform' -> ok
 *   libs/otp/src/a.ts            import '#oidc' / '#accounts'                -> B
 *   libs/otp/src/a.ts            import 'oidc-provider'                      -> B
 *   libs/otp/src/a.ts            import '#otp' / '#test-support'             -> B
 *   libs/otp/src/a.spec.ts       import '#otp', '#test-support'              -> ok
 *   libs/otp/test/x.spec.ts      import '#otp', '#test-support', '#database' -> ok;  '#oidc' -> B
 *   libs/oidc/src/a.ts           import 'oidc-provider', 'oidc-provider/lib/x.js' -> ok
 *   libs/oidc/src/a.ts           import type { X } from '#accounts'          -> B (type imports count too)
 *   libs/oidc/src/a.ts           export * from '#otp'                        -> B (re-exports count too)
 *   libs/notifications/src/a.ts  import '#notifications' / '#oidc'           -> B
 *   libs/identity-core/src/a.ts  import '#database', '#platform'             -> ok
 *   libs/identity-core/src/a.ts  import '#oidc' / '#notifications' / '#identity-core' -> B
 *   libs/database/src/a.ts       import '#identity-core' / '#platform'       -> B
 *   libs/platform/src/a.ts       import '#database'                          -> ok; '#identity-core' -> B
 *   libs/web/src/a.ts            import '#platform' / '#identity-core'       -> B
 *   libs/web/src/a.spec.ts       import '#web', '#test-support'              -> ok
 *   libs/otp/src/a.ts, libs/oidc/src/a.ts, libs/identity-core/src/a.ts  import '#web' -> B
 *   apps/admin/src/a.ts          import '#web'                               -> ok
 *   libs/newlib/src/a.ts         (a lib not on disk yet) '#notifications' ok; '#oidc', '#newlib' -> B
 *   apps/idp/src/a.ts            import '#oidc', '#accounts', '#platform'    -> ok
 *   apps/idp/src/a.ts            import '../../admin/src/app.module.js'      -> A (other app)
 *   apps/idp/src/a.ts            import '../../../libs/oidc/src/index.js'    -> A (lib by path)
 *   apps/idp/src/a.ts            import 'oidc-provider' / '#test-support'    -> B
 *   apps/idp/src/a.spec.ts       import '../../../test/helpers.js', '#test-support' -> ok
 *   test/helpers/x.ts            import '../../libs/database/src/x.js'       -> A; '#database' ok
 *   test/helpers/x.ts            import '../../apps/idp/src/app.module.js'   -> ok (tests may boot apps)
 *   test/helpers/x.ts            import 'oidc-provider'                      -> B
 *   libs/relying-party/src/a.ts  import 'openid-client'                      -> ok; 'oidc-provider' -> B
 *   libs/relying-party/test/a.ts import 'oidc-provider', 'openid-client'     -> ok
 *   libs/otp/src/a.ts            import 'openid-client'                      -> B
 *   libs/otp/test/a.spec.ts      import 'openid-client' -> ok; 'oidc-provider' -> B
 *   apps/idp/src/a.ts            import 'openid-client'                      -> B
 *   apps/idp/test/a.ts, test/x.ts, bench/x.ts, apps/demo-rp/src/a.ts  import 'openid-client' -> ok
 *   libs/activation/src/a.ts     query('UPDATE accounts …'), query(`INSERT INTO affiliations …`),
 *                                getRepository('accounts'), m.update('accounts', …), qb.insert().into('schools')
 *                                                                             -> C;  query('SELECT … FROM accounts'),
 *                                                                                    m.update('flows', …) -> ok
 *   libs/identity-core/src/a.ts, libs/activation/test/a.ts, libs/activation/src/a.spec.ts  (the same) -> ok
 *   libs/otp/src/+11 dirs/a.ts   12 x '../' ok, 13 x '../' -> A  (depths beyond MAX_DEPTH=12 folders are
 *                                treated as depth 12, i.e. stricter; raise MAX_DEPTH if the tree gets deeper)
 */
import { readdirSync } from 'node:fs';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const CODE = ['**/*.{ts,mts,cts,js,mjs,cjs}'];

/* ---------------------------------------------------------------- A. paths */

const DEEP_LIB_PATH = {
  regex: '^#[^/]+/',
  message:
    'Import a lib only through its entry `#name` (libs/<name>/src/index.ts), never a deep `#name/...` path.',
};

const MAX_DEPTH = 12;
const up = (n) => `(?:\\.\\.(?:/|$)){${n}}`;

/** Rule A options for a file `depth` folders below `apps/<x>/` or `libs/<x>/`. */
function pathRule(depth, { spec }) {
  const escape = depth + 1; // this many `../` leave apps/<x>/ or libs/<x>/; one more reaches the repo root
  return [
    'error',
    {
      patterns: [
        DEEP_LIB_PATH,
        {
          regex: `^(?:\\./)*${up(escape)}${spec ? '(?!\\.\\./test/)' : ''}`,
          message: spec
            ? 'Relative import leaves this app/lib (a spec may only reach the root test/). Use `#name` for libs; apps never import other apps.'
            : 'Relative import leaves this app/lib. Use `#name` for libs; libs never import apps; apps never import other apps.',
        },
      ],
    },
  ];
}

const pathConfigs = [
  {
    name: 'boundaries/paths/everywhere',
    files: CODE,
    rules: { 'no-restricted-imports': ['error', { patterns: [DEEP_LIB_PATH] }] },
  },
  {
    name: 'boundaries/paths/test-and-bench',
    files: ['test/**', 'bench/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            DEEP_LIB_PATH,
            {
              regex: '^\\.\\.?/(?:.*/)?libs/',
              message: 'Tests and benchmarks import libs through `#name`, not by relative path.',
            },
          ],
        },
      ],
    },
  },
];
for (let depth = 0; depth <= MAX_DEPTH; depth++) {
  const dirs = '*/'.repeat(depth) + (depth === MAX_DEPTH ? '**/' : ''); // the last one takes all deeper files
  const files = ['apps', 'libs'].map((zone) => `${zone}/*/${dirs}*`);
  pathConfigs.push(
    {
      name: `boundaries/paths/depth-${depth}`,
      files,
      rules: { 'no-restricted-imports': pathRule(depth, { spec: false }) },
    },
    {
      name: `boundaries/paths/depth-${depth}-spec`,
      files: files.map((f) => `${f}.spec.ts`),
      rules: { 'no-restricted-imports': pathRule(depth, { spec: true }) },
    },
  );
}

/* ---------------------------------------------------------------- B. graph */

const FEATURE_MAY_IMPORT = ['identity-core', 'database', 'notifications', 'platform', 'relying-party'];
/** Libs with their own list; every other lib is a feature lib. */
const LIB_MAY_IMPORT = {
  database: [],
  platform: ['database'],
  'identity-core': ['database', 'platform'],
  notifications: ['identity-core', 'database', 'platform'],
  'relying-party': ['identity-core', 'database', 'platform'],
  web: [],
};
const OIDC_PROVIDER_OWNER = 'oidc';
const OPENID_CLIENT_OWNER = 'relying-party';
const TEST_SUPPORT = 'test-support';

const OIDC_PROVIDER = {
  regex: '^oidc-provider(?:/|$)',
  message: 'Only libs/oidc may import oidc-provider; everyone else goes through `#oidc`.',
};
const OPENID_CLIENT = {
  regex: '^openid-client(?:/|$)',
  message:
    'Only libs/relying-party may import openid-client (plus test code and apps/demo-rp, which play outside relying parties); everyone else goes through `#relying-party`.',
};
const NO_TEST_SUPPORT = {
  regex: `^#${TEST_SUPPORT}(?:/|$)`,
  message: '`#test-support` is for test code only (*.spec.ts, <lib|app>/test/, test/, bench/).',
};

/** Rule B options for code (or, with `tests`, test code) of lib `self` that may import exactly the `allowed` libs. */
function libGraphRule(self, allowed, { tests = false } = {}) {
  const what = allowed.length ? allowed.map((n) => `#${n}`).join(', ') : 'no other lib';
  const patterns = [
    {
      regex: allowed.length ? `^#(?!(?:${allowed.join('|')})(?:/|$))` : '^#',
      message: `libs/${self} may import only ${what} (see the direction table at the top of eslint.config.js).`,
    },
  ];
  // The relying party's tests start a real oidc-provider as the upstream they sign in at.
  if (self !== OIDC_PROVIDER_OWNER && !(tests && self === OPENID_CLIENT_OWNER)) patterns.push(OIDC_PROVIDER);
  if (self !== OPENID_CLIENT_OWNER && !tests) patterns.push(OPENID_CLIENT);
  return ['error', { patterns }];
}

const testFiles = (root) => [`${root}/test/**`, `${root}/**/*.spec.ts`];

/** The libs that exist now, plus the planned ones, so a new lib is covered from its first file on. */
function libNames() {
  let found = [];
  try {
    found = readdirSync(new URL('./libs/', import.meta.url), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch {
    // no libs/ yet
  }
  const planned = [
    'identity-core',
    'database',
    'platform',
    'oidc',
    'notifications',
    'activation',
    'password-reset',
    'otp',
    'county-federation',
    'certificate-auth',
    'accounts',
    'relying-party',
    'web',
    'directory',
  ];
  return [...new Set([...planned, ...found])].sort();
}

const graphConfigs = [
  {
    name: 'boundaries/graph/everywhere',
    files: CODE,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [OIDC_PROVIDER, OPENID_CLIENT, NO_TEST_SUPPORT] },
      ],
    },
  },
  {
    name: 'boundaries/graph/apps/demo-rp',
    files: ['apps/demo-rp/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [OIDC_PROVIDER, NO_TEST_SUPPORT] }],
    },
  },
  {
    name: 'boundaries/graph/test-code',
    files: ['test/**', 'bench/**', ...testFiles('apps/*')],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [OIDC_PROVIDER] }] },
  },
  {
    // The county stand-ins (使用縣市帳號登入) are OpenID Connect providers of their own: oidc-provider plays a county.
    name: 'boundaries/graph/test-code/county-stand-ins',
    files: ['test/support/counties/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [NO_TEST_SUPPORT] }] },
  },
  // Fallback for a lib created after ESLint started (editor sessions): feature rules, no self-import.
  {
    name: 'boundaries/graph/libs/*',
    files: ['libs/*/**'],
    rules: { '@typescript-eslint/no-restricted-imports': libGraphRule('<lib>', FEATURE_MAY_IMPORT) },
  },
  {
    name: 'boundaries/graph/libs/*/tests',
    files: testFiles('libs/*'),
    rules: {
      '@typescript-eslint/no-restricted-imports': libGraphRule(
        '<lib>',
        [...FEATURE_MAY_IMPORT, TEST_SUPPORT],
        {
          tests: true,
        },
      ),
    },
  },
];
for (const lib of libNames()) {
  const allowed = (LIB_MAY_IMPORT[lib] ?? FEATURE_MAY_IMPORT).filter((n) => n !== lib);
  graphConfigs.push(
    {
      name: `boundaries/graph/libs/${lib}`,
      files: [`libs/${lib}/**`],
      rules: { '@typescript-eslint/no-restricted-imports': libGraphRule(lib, allowed) },
    },
    {
      name: `boundaries/graph/libs/${lib}/tests`,
      files: testFiles(`libs/${lib}`),
      rules: {
        '@typescript-eslint/no-restricted-imports': libGraphRule(lib, [...allowed, lib, TEST_SUPPORT], {
          tests: true,
        }),
      },
    },
  );
}

/* ---------------------------------------------------------------- C. ownership */

const IDENTITY_TABLES = 'accounts|affiliations|schools|audit_events';
const TABLE_OWNER_MESSAGE =
  'Accounts, affiliations, schools and audit events are written by identity-core only: use AccountRepository, AccountStateService, SchoolRepository or AuditService.';
const identityTableWrite = `/\\b(?:insert\\s+(?:ignore\\s+)?into|replace\\s+into|update|delete\\s+from)\\s+\\W{0,2}(?:${IDENTITY_TABLES})\\b/i`;
const ownershipConfigs = [
  {
    name: 'ownership/identity-core-tables',
    files: ['libs/*/src/**', 'apps/*/src/**'],
    ignores: ['libs/identity-core/**', 'libs/database/**', '**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `Literal[value=${identityTableWrite}]`, message: TABLE_OWNER_MESSAGE },
        { selector: `TemplateElement[value.raw=${identityTableWrite}]`, message: TABLE_OWNER_MESSAGE },
        {
          // getRepository('accounts'), and the manager / query-builder writes that take a table name:
          // m.update('accounts', …), m.insert('affiliations', …), qb.update('accounts'), qb.insert().into('schools').
          selector: `CallExpression[callee.property.name=/^(?:getRepository|insert|update|upsert|delete|save|remove|increment|decrement|into)$/] > Literal.arguments:first-child[value=/^(?:${IDENTITY_TABLES}|AccountEntity|AffiliationEntity|SchoolEntity|AuditEventEntity)$/]`,
          message: TABLE_OWNER_MESSAGE,
        },
      ],
    },
  },
];

/* ---------------------------------------------------------------- config */

export default defineConfig(
  {
    name: 'ignores',
    ignores: [
      '**/dist/',
      '**/node_modules/',
      'docker/',
      'bench/results/',
      'bench/tmp/',
      'coverage/',
      // Mutation testing's sandboxes (copies of the repository) and reports.
      '.stryker-tmp/',
      'reports/',
    ],
  },
  {
    name: 'base',
    files: CODE,
    extends: [tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // TypeScript checks identifiers in .ts files; the few .js files are Node scripts (process, fetch, ...).
      'no-undef': 'off',
      'no-debugger': 'error',
      'no-empty': ['error', { allowEmptyCatch: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Nest: modules are decorated empty classes, DI constructors are often `constructor(private x: X) {}`,
      // dynamic modules, guards and oidc-provider adapters deal in loosely typed objects.
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      '@typescript-eslint/no-explicit-any': ['warn', { ignoreRestArgs: true }], // forRootAsync({ useFactory: (...args: any[]) })
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // Deliberately NOT enabled: consistent-type-imports. With emitDecoratorMetadata, a class imported only
      // for a constructor parameter type must stay a value import or Nest DI breaks at run time.
    },
  },
  ...pathConfigs,
  ...graphConfigs,
  ...ownershipConfigs,
);
