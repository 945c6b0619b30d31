import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output/', '.wxt/', '.tmp/', 'test-artifacts/', 'node_modules/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The emulator and broker stand for TikTok: they must never share code with the extension.
    files: ['emulator/**', 'broker/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/utils/**', '**/entrypoints/**', '**/components/**'] },
      ],
    },
  },
  {
    // utils/ is logic and adapters: it never reaches into the entrypoints.
    files: ['utils/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/entrypoints/**', '**/components/**'] }] },
  },
);
