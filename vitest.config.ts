import { defineConfig } from "vitest/config";
import path from "node:path";

const alias = { "@": path.resolve(import.meta.dirname) };

// Two projects: pure unit tests beside the code, and *.db.test.ts that need PostgreSQL.
// The db project's global setup creates one fresh database per run (on TEST_DATABASE_URL's server,
// or on an embedded PostgreSQL it starts in a temporary folder) and drops it afterwards.
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "db/**/*.test.ts", "scripts/**/*.test.ts", "components/**/*.test.ts"],
          exclude: ["**/*.db.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "db",
          include: ["**/*.db.test.ts"],
          exclude: ["node_modules/**"],
          environment: "node",
          globalSetup: ["./db/test/global-setup.ts"],
          setupFiles: ["./db/test/setup.ts"],
          // Every statement the suite sends twice on a connection runs both ways: unnamed, then named as the
          // hot ones are in production after five sends (docs/decisions/0030-hot-statements-prepared.md).
          env: { ACTA_DB_AUTO_PREPARE: "2" },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
