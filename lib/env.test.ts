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

describe("getEnv: ACTA_DB_AUTO_PREPARE", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("names a statement on its fifth send unless told otherwise", async () => {
    vi.stubEnv("ACTA_DB_AUTO_PREPARE", "");
    expect((await freshEnv()).ACTA_DB_AUTO_PREPARE).toBe(5);
  });

  it("takes 0, which never names one, for a pooler that cannot keep named statements", async () => {
    vi.stubEnv("ACTA_DB_AUTO_PREPARE", "0");
    expect((await freshEnv()).ACTA_DB_AUTO_PREPARE).toBe(0);
  });

  it.each(["-1", "1.5", "often"])("refuses %j, naming the variable", async (value) => {
    vi.stubEnv("ACTA_DB_AUTO_PREPARE", value);
    await expect(freshEnv()).rejects.toThrow(/Invalid environment: ACTA_DB_AUTO_PREPARE/);
  });
});
