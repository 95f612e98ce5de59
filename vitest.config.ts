import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The doc test builds and starts a stack: it runs on its own, after the rest (test/docs/vitest.config.ts).
    exclude: [...configDefaults.exclude, "test/docs/**"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
