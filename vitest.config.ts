import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    testTimeout: 20000,
    hookTimeout: 60000,
    // Child processes and servers: keep the output readable.
    reporters: ['default']
  }
})
