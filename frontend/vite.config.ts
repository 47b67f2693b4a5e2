// The client is built into the Python package (src/dronedojo/web/static/app), with fixed
// file names so the server's page templates can name them.
import { defineConfig } from "vitest/config";

export default defineConfig({
  base: "/static/app/",
  build: {
    outDir: "../src/dronedojo/web/static/app",
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: "src/app/main.ts",
      output: {
        entryFileNames: "main.js",
        chunkFileNames: "chunks/[name]-[hash].js",
        assetFileNames: "[name][extname]",
      },
    },
  },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
  },
});
