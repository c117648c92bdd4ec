import { describe, expect, it } from "vitest";
import { testDb } from "@/db/test/setup";
import { postgresCpuSeconds } from "./cpu";

describe.skipIf(process.platform !== "linux")("CPU of PostgreSQL from /proc", () => {
  it("rises by what a query makes the server do", async () => {
    const { sql } = testDb();
    const before = postgresCpuSeconds()!;
    await sql`select count(*) from generate_series(1, 3000000)`;
    expect(postgresCpuSeconds()! - before).toBeGreaterThanOrEqual(0.1);
  });
});
