import { defineConfig } from 'vitest/config'

/** `npm run test:stress`: the slow reliability cases (gigabyte files, 200,000 images, 20 runs), one file at a time. */
export default defineConfig({
  test: {
    include: ['test/stress/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // Vitest's 1 s default is too tight for a page or a host on a loaded CI machine.
    expect: { poll: { timeout: 10_000 } },
    fileParallelism: false
  }
})
