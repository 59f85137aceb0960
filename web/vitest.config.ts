import { defineConfig } from 'vitest/config';

// Unit tests of the web's pure logic (formatting, money, drafts), beside their modules; no browser.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
