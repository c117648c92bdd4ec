import { defineConfig } from "drizzle-kit";

// Only `generate` is used: every schema change is a reviewed migration in drizzle/, never `push`.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./drizzle",
  casing: "snake_case",
});
