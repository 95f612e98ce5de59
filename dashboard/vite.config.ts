/**
 * The dashboard's build (docs/dashboard.md): static files in dashboard/dist that the API serves at `/`.
 * Relative asset paths, no CDN: the page works offline against the local stack.
 */
import path from "node:path";
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  logLevel: "warn",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: path.join(import.meta.dirname, "dist"),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1_000,
  },
});
