// Lint for the server, the console, tests and scripts. The import rules below are the code's walls: shared code never
// reaches into a feature module, the real-time layer uses modules only for their types (and auth for the socket
// handshake), and feature modules form layers where a module imports only from the layers below it.
import tseslint from 'typescript-eslint';

/** Feature modules from the bottom up; a module may import from modules of lower layers only. */
const MODULE_LAYERS = [
  ['audit', 'health'],
  ['branches'],
  ['settings', 'staff', 'patients', 'doctors'],
  ['auth', 'consents', 'subject-requests'],
  ['privacy', 'leads'],
  ['schedules'],
  ['messages'],
  ['intake'],
  ['calls'],
  ['analytics', 'floor', 'patient-card'],
  ['demo'],
];

const banned = (regex, message, allowTypeImports = false) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex, message, ...(allowTypeImports ? { allowTypeImports } : {}) }] }],
});

const moduleWalls = MODULE_LAYERS.flatMap((layer, level) =>
  layer.map((name) => {
    const above = MODULE_LAYERS.slice(level)
      .flat()
      .filter((other) => other !== name);
    return {
      files: [`src/modules/${name}/**/*.ts`],
      rules: banned(
        `^(\\.\\./)+(${above.join('|')})/`,
        `The ${name} module may import only from modules of lower layers (see MODULE_LAYERS in eslint.config.js); go through an event or move the shared piece down.`,
      ),
    };
  }),
);

// Data access: hand-written SQL runs only through the typed helpers of src/database/sql.ts, and only repositories
// (`*.repository.ts`) call them. The exceptions speak to the driver itself: the helpers, prepared reads on the pool,
// pg-boss's adapter, and the outbox relay's LISTEN/NOTIFY connection.
const RAW_QUERY = {
  selector: "CallExpression[callee.property.name='query']",
  message: 'Run SQL through the typed helpers of src/database/sql.ts (rows, one, returning, execute, affected) in a repository.',
};
const SQL_OUTSIDE_REPOSITORY = {
  selector: 'ImportDeclaration[source.value=/database\\/sql\\.js$/]',
  message: 'SQL lives in *.repository.ts files; call a repository from here.',
};
const DRIVER_FILES = ['src/database/sql.ts', 'src/database/prepared-query.ts', 'src/jobs/pg-boss-executor.ts', 'src/realtime/outbox-relay.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'web/dist/**', 'web/src/api/schema.d.ts', 'coverage/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read loosely shaped JSON answers and database rows.
    files: ['test/**/*.ts', 'web/e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/config/**/*.ts'],
    rules: banned('^(\\.\\./)+(modules|realtime|jobs|database|cli|console)/', 'Configuration is read first and depends on nothing of the application.'),
  },
  {
    files: ['src/common/**/*.ts', 'src/database/**/*.ts'],
    rules: banned('^(\\.\\./)+(modules|realtime|jobs|cli|console)/', 'Shared code must not depend on feature modules or the real-time layer.'),
  },
  { files: ['src/jobs/**/*.ts'], rules: banned('^(\\.\\./)+(modules|realtime|cli|console)/', 'The job queue must not depend on feature modules.') },
  {
    files: ['src/realtime/**/*.ts'],
    rules: banned(
      '^(\\.\\./)+modules/(?!auth/|[a-z-]+/[a-z-]+-sql\\.js$)',
      'The real-time layer uses feature modules only for their types and their SQL fragments (auth excepted, for the handshake).',
      true,
    ),
  },
  { files: ['src/**/*.ts'], ignores: DRIVER_FILES, rules: { 'no-restricted-syntax': ['error', RAW_QUERY] } },
  {
    files: ['src/modules/**/*.ts', 'src/realtime/**/*.ts'],
    ignores: ['**/*.repository.ts', ...DRIVER_FILES],
    rules: { 'no-restricted-syntax': ['error', RAW_QUERY, SQL_OUTSIDE_REPOSITORY] },
  },
  ...moduleWalls,
  {
    files: ['web/src/**/*.{ts,tsx}'],
    rules: banned(
      '^(\\.\\./)+src/(?!realtime/realtime-events)',
      'The console talks to the server over HTTP: import only the real-time contract (types), and the API types in web/src/api.',
      true,
    ),
  },
);
