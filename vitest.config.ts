import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * One vitest invocation runs every package's tests, one project per package dir, so a single
 * JSON report covers the whole repo.
 *
 * Workspace packages resolve to their TypeScript sources through the `@ctcbias/source` export
 * condition (see any package.json and tsconfig.base.json `customConditions`), so tests run right
 * after `pnpm install` with no build.
 */
const SOURCE_CONDITION = '@ctcbias/source';

const packageDirs = ['packages', 'apps', 'examples'].flatMap((group) => {
  try {
    return readdirSync(group)
      .map((name) => join(group, name))
      .filter((dir) => statSync(dir).isDirectory());
  } catch {
    return [];
  }
});

export default defineConfig({
  resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
  test: {
    projects: packageDirs.map((dir) => ({
      extends: true,
      root: dir,
      test: {
        name: dir.split('/')[1] ?? dir,
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      },
    })),
  },
});
