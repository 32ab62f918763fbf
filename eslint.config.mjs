import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// The environment is read only in libs/config; a block that sets its own no-restricted-syntax repeats this one.
const NO_PROCESS_ENV = {
  selector: "MemberExpression[object.name='process'][property.name='env']",
  message: 'Read the environment only in libs/config (the env schema).',
};

// Services and processors hold no SQL and no TypeORM calls: they call repositories (docs/house-plan.md).
const HOUSE_PLAN = 'see docs/house-plan.md';
// EntityManager methods that run a statement (create, merge, transaction, getRepository... do not or are caught apart).
const MANAGER_STATEMENTS = [
  'find\\w*',
  'save',
  'insert',
  'update',
  'upsert',
  'delete',
  'remove',
  'count\\w*',
  'exists\\w*',
  'increment',
  'decrement',
  'softDelete',
  'softRemove',
  'restore',
  'recover',
  'clear',
  'sum',
  'average',
  'minimum',
  'maximum',
];
const NO_SQL_OUTSIDE_REPOSITORIES = [
  {
    selector: "CallExpression[callee.property.name='getRepository']",
    message: `No getRepository outside repositories: call the feature's repository (${HOUSE_PLAN}).`,
  },
  {
    selector: "CallExpression[callee.property.name='createQueryBuilder']",
    message: `No QueryBuilder outside repositories: a repository returns the builder (${HOUSE_PLAN}).`,
  },
  {
    selector: "CallExpression[callee.property.name='query']",
    message: `No SQL text outside repositories: put the statement in a repository method (${HOUSE_PLAN}).`,
  },
  {
    // An entity manager's statements (`manager.save(...)`, `em.find(...)`, `this.dataSource.manager.insert(...)`,
    // `repo.manager.count(...)`); `.query(` is caught above, whatever it is called on.
    selector: [
      'CallExpression',
      `[callee.property.name=/^(${MANAGER_STATEMENTS.join('|')})$/]`,
      ":matches([callee.object.name=/^(manager|em|entityManager)$/], [callee.object.property.name='manager'])",
    ].join(''),
    message: `No entity-manager statements outside repositories: put the statement in a repository method (${HOUSE_PLAN}).`,
  },
  {
    selector: "Decorator > CallExpression[callee.name='InjectDataSource']",
    message: `No DataSource outside repositories: use repo.manager and repo.transaction(...) (${HOUSE_PLAN}).`,
  },
  {
    selector: [
      "MethodDefinition[kind='constructor'] > FunctionExpression > Identifier[typeAnnotation.typeAnnotation.typeName.name='DataSource']",
      "MethodDefinition[kind='constructor'] > FunctionExpression > TSParameterProperty > Identifier[typeAnnotation.typeAnnotation.typeName.name='DataSource']",
    ].join(', '),
    message: `No DataSource outside repositories: use repo.manager and repo.transaction(...) (${HOUSE_PLAN}).`,
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'apps/web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    // Type information (each file's own tsconfig): promises nobody awaits or hands to a callback that ignores them.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error', NO_PROCESS_ENV],
    },
  },
  {
    files: ['libs/core/src/**/*.service.ts', 'libs/worker/src/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', NO_PROCESS_ENV, ...NO_SQL_OUTSIDE_REPOSITORIES] },
  },
  {
    files: ['libs/config/**', 'libs/testing/**', 'test/**', 'bench/**', '**/main.ts', '*.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
