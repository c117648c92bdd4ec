import { afterEach, describe, expect, it, vi } from "vitest";

// getEnv parses once per process: each case reads a fresh copy of the module.
async function freshEnv() {
  vi.resetModules();
  return (await import("./env")).getEnv();
}

describe("getEnv: ACTA_DB_POOL_MAX", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("is unset when missing or empty, so the pool follows the cores", async () => {
    vi.stubEnv("ACTA_DB_POOL_MAX", "");
    expect((await freshEnv()).ACTA_DB_POOL_MAX).toBeUndefined();
  });

  it("takes a whole number of connections", async () => {
    vi.stubEnv("ACTA_DB_POOL_MAX", "12");
    expect((await freshEnv()).ACTA_DB_POOL_MAX).toBe(12);
  });

  it.each(["0", "-3", "2.5", "many", "5000"])("refuses %j, naming the variable", async (value) => {
    vi.stubEnv("ACTA_DB_POOL_MAX", value);
    await expect(freshEnv()).rejects.toThrow(/Invalid environment: ACTA_DB_POOL_MAX/);
  });
});
