// typescript-eslint's type-aware recommended rules over src/ (the published code), the plain
// recommended rules over tests, examples and scripts. Formatting is Prettier's; layering is
// dependency-cruiser's (.dependency-cruiser.cjs). Why these tools: docs/design.md, "Tooling".
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  // Generated codecs are checked by regeneration (`npm run gen:protocol -- --check`) and by the
  // protocol tests, not linted: the generator's output is uniform by construction.
  { ignores: ['dist/**', 'node_modules/**', 'bench/**', 'coverage/**', '.cache/**', 'vendor/**', 'native/**', 'src/protocol/messages/**'] },
  {
    files: ['src/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `async` without `await` is deliberate here: it turns a synchronous throw of a runtime
      // condition into a rejection (house rule: runtime conditions reject, argument errors throw).
      '@typescript-eslint/require-await': 'off',
      // Caught values are rethrown or passed on as they came (`unknown`): wrapping them would lose the
      // original error that callers assert on.
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingUnknown: true, allowThrowingAny: false }],
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests, examples and scripts: the syntactic recommended rules, plus the one type-aware rule
    // that catches real test bugs (a promise nobody awaits lets a failure pass unseen).
    files: ['test/**/*.ts', 'examples/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
)
