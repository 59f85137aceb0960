// Lint: typescript-eslint's recommended rules, and the portal's boundaries (eslint/portal-rules.mjs):
// another module only through its index.ts or api.ts, app_user and department only through
// modules/users, a portal's tables only through scoped(ctx).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import portal from './eslint/portal-rules.mjs';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'e2e/test-results/**', 'e2e/playwright-report/**', 'eslint/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The code base uses `any` at the few typed boundaries kysely cannot express (scoped(), the item layer).
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true, allowShortCircuit: true }],
      // kysely's own idiom for "nothing selected yet" is the `{}` type.
      '@typescript-eslint/no-empty-object-type': 'off',
      // `let x = null; try { x = … } catch { x = null }` spells out the fallback on purpose.
      'no-useless-assignment': 'off',
      // Control characters in patterns are how binary files and header injection are refused.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/**/*.test.ts'],
    plugins: { portal },
    rules: {
      'portal/module-boundaries': 'error',
      'portal/users-tables': 'error',
      'portal/scoped-tables': 'error',
    },
  },
  {
    // Migrations shape and backfill every portal's rows at once, before any request has a portal.
    files: ['server/src/**/migrations/*.ts'],
    rules: { 'portal/scoped-tables': 'off', 'portal/users-tables': 'off' },
  },
  {
    // Signing in reads the session's member before any module runs; the platform imports no module.
    files: ['server/src/platform/auth/sessions.ts', 'server/src/platform/http/request-context.ts'],
    rules: { 'portal/users-tables': 'off' },
  },
  {
    // An account's memberships across portals (sign-in, the operator), asked before there is a portal ctx.
    files: ['server/src/modules/users/accounts.ts'],
    rules: { 'portal/scoped-tables': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
