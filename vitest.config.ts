import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    testTimeout: 20000,
    hookTimeout: 60000,
    // Child processes and servers: keep the output readable.
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['__tests__/unit/**/*.test.ts'],
          // Pure tests: a spawned process or an opened socket fails the test (nock is fine).
          setupFiles: ['__tests__/unit/no-io.ts']
        }
      },
      {
        extends: true,
        test: {
          name: 'real',
          include: ['__tests__/integration/**/*.test.ts', '__tests__/e2e/**/*.test.ts']
        }
      }
    ]
  }
})
