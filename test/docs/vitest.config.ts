// The doc test runs on its own (`npm run test:docs`): it builds and starts a stack, so it must not run beside
// suites that import the TypeChain types a build rewrites.
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: path.join(import.meta.dirname, "..", ".."),
    include: ["test/docs/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: "forks",
    fileParallelism: false,
  },
});
