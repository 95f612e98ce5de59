import { availableParallelism } from "node:os";
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The doc test builds and starts a stack: it runs on its own, after the rest (test/docs/vitest.config.ts).
    exclude: [...configDefaults.exclude, "test/docs/**"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Vitest's default (cores - 1) runs the files one at a time on a 2-core CI machine, where much of each
    // file's time is spent waiting on chains, services and subprocesses: two files at once there.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
