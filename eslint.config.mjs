import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/coverage', 'tmp'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            // An app may use only shared libraries, never another app or another app's libs.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // contracts and seedwork stand alone.
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:seedwork', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:messaging', onlyDependOnLibsWithTags: ['type:contracts', 'type:seedwork'] },
            // cross-service tests drive built apps over HTTP: shared libraries only, never an app's code.
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
            // platform: the NestJS service chassis (HTTP, database, health, audit) over the three others.
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:seedwork', 'type:messaging'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];
