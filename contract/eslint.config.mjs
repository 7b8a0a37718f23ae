import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Shared by both workspaces: configuration is each side's business (their env.ts).
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'The contract reads no configuration.' },
      ],
    },
  },
)
