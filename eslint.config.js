// Lint = the layer rules of ARCHITECTURE.md plus a few bug-catching rules. Formatting is not linted.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const NODE_MESSAGE = 'src/shared and src/renderer run in browsers and workers: no Node APIs here.';
const nodeBuiltinPaths = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'dgram', 'net', 'http', 'https', 'crypto', 'stream', 'events', 'url', 'module', 'util'].map((name) => ({ name, message: NODE_MESSAGE }));
const noNode = [{ group: ['node:*'], message: NODE_MESSAGE }];
const noElectron = { group: ['electron'], message: 'Only src/main/index.ts, src/main/electron/ and src/preload/ may import electron.' };
const noMain = { group: ['#main/*', '**/main/**'], message: 'This layer must not import from src/main.' };
const noRenderer = { group: ['**/renderer/**'], message: 'This layer must not import from src/renderer.' };

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', '.tsbuild/**', 'resources/**', '**/*.d.ts'] },
  {
    files: ['**/*.{ts,tsx,mjs,js}'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-debugger': 'error',
      'no-dupe-keys': 'error',
      'no-unreachable': 'error',
      'no-constant-binary-expression': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']", message: 'A focused test (.only) hides the rest of the suite.' },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/**/*.test.ts', 'src/shared/**/testing/**'], // tests run in Node and may read fixtures
    rules: { 'no-restricted-imports': ['error', { paths: nodeBuiltinPaths, patterns: [...noNode, noElectron, noMain, noRenderer, { group: ['**/preload/**'], message: 'shared imports nothing from preload.' }] }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn', 'no-restricted-imports': ['error', { paths: nodeBuiltinPaths, patterns: [...noNode, noElectron, noMain] }] },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noRenderer] }] },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noMain, noRenderer, { group: ['#shared/*'], message: 'The preload has no dependencies.' }] }] },
  },
);
