import { z } from "zod";

// Empty strings count as missing, so `FOO=` in a .env file never passes as a value.
const optional = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: optional,
  ACTA_DATA_DIR: z.preprocess((v) => (v === "" ? undefined : v), z.string().default("./data")),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  AUTH_SECRET: optional,
  // Encrypts connector secrets at rest (AES-256-GCM); derived from AUTH_SECRET when unset.
  ACTA_SECRET_KEY: optional,
  ACTA_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(1024 * 1024 * 1024),
  // The server's connections to PostgreSQL; unset: twice the cores plus one (db/pool-size.ts).
  ACTA_DB_POOL_MAX: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(1000).optional()),
  // Sends of one statement's text on a connection before it is named (prepared); 0 never (ADR 0030).
  ACTA_DB_AUTO_PREPARE: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(0).max(1000).default(5)),
  ACTA_PUBLIC_URL: optional,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** Parsed once; a bad value stops the process with the variable's name rather than failing at first use. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}
