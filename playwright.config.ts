import { chmodSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_ISSUER, OIDC_PORT } from "./e2e/support/oidc-settings";

// One fresh embedded database per run, as a newcomer gets it: `npm start` with an empty ACTA_DATA_DIR.
// Set once here; workers inherit it through the environment.
if (!process.env.ACTA_E2E_DATA_DIR) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "acta-e2e-"));
  // As root, the embedded server runs as the postgres OS user, which must be able to enter the folder.
  chmodSync(dir, 0o755);
  process.env.ACTA_E2E_DATA_DIR = dir;
}
const PORT = Number(process.env.ACTA_E2E_PORT ?? 3210);
export const BASE_URL = `http://localhost:${PORT}`;
// The demo's OA connector (README); its "allow SSO provisioning" switch decides who SSO may create.
const DEMO_OA_CONNECTOR_ID = "0a0a0a0a-0000-4000-8000-00000000a001";

export default defineConfig({
  testDir: "./e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: BASE_URL,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: ["--disable-gpu", "--disable-sync", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
        },
      },
    },
  ],
  webServer: [
    {
      command: "npm start",
      url: `${BASE_URL}/api/health`,
      // The first start builds the production bundle.
      timeout: 600_000,
      reuseExistingServer: false,
      // npm start stops the embedded PostgreSQL it started on SIGTERM; the default SIGKILL left it running.
      gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
      stdout: "pipe",
      stderr: "pipe",
      env: {
        ACTA_DATA_DIR: process.env.ACTA_E2E_DATA_DIR,
        PORT: String(PORT),
        // The e2e run is the newcomer's path: the embedded database, never a configured server.
        DATABASE_URL: "",
        // Single sign-on through the real OpenID provider below (e2e/oa-sso-and-embed.spec.ts). Provisioning
        // stays off installation-wide: only the demo OA connector's switch may allow creating people.
        ACTA_OIDC_ISSUER: OIDC_ISSUER,
        ACTA_OIDC_CLIENT_ID: OIDC_CLIENT_ID,
        ACTA_OIDC_CLIENT_SECRET: OIDC_CLIENT_SECRET,
        ACTA_OIDC_PROVISIONING: "false",
        ACTA_OIDC_CONNECTOR_ID: DEMO_OA_CONNECTOR_ID,
      },
    },
    {
      // Acta discovers the issuer at its first SSO sign-in, so the provider only has to be up before the tests.
      command: "npx tsx e2e/support/oidc-provider.ts",
      url: `${OIDC_ISSUER}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: { ACTA_E2E_OIDC_PORT: String(OIDC_PORT), ACTA_E2E_PORT: String(PORT) },
    },
  ],
});
