import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'dist-static/**', '.astro/**', 'node_modules/**', 'coverage/**'] },
  // Plain Node scripts beside the source (the production entry, config helpers).
  {
    files: ['*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/env.ts only.' },
      ],
    },
  },
  {
    files: ['src/env.ts', 'test/**', 'scripts/**', '*.config.*', 'server.mjs'],
    rules: { 'no-restricted-properties': 'off' },
  },
)
