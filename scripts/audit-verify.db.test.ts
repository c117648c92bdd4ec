import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { testDb } from "@/db/test/setup";
import { appendAudit } from "@/lib/audit/append-audit";
import { systemContext } from "@/lib/context";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");

async function auditVerify() {
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
    });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, stdout: err.stdout };
  }
}

describe("npm run audit:verify", () => {
  it("reports an intact chain, then names the entry a superuser tampered with", async () => {
    const { db, sql } = testDb();
    const marker = randomUUID();
    // An entry before the victim, so the verdict has an intact one to name.
    await db.transaction((tx) => appendAudit(tx, systemContext(db), { action: "audit.chain_verified", targetType: "audit_chain", data: {} }));
    await db.transaction((tx) => appendAudit(tx, systemContext(db), { action: "audit.chain_verified", targetType: "audit_chain", targetId: marker, data: { amount: "9.99" } }));
    const intact = await auditVerify();
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/audit chain intact: \d+ entries/);

    const [victim] = await sql`select id from audit_events where target_id = ${marker}`;
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update audit_events set action = 'audit.rewritten' where id = ${victim!.id}`;
    });
    const broken = await auditVerify();
    expect(broken.code).toBe(2);
    expect(broken.stdout).toContain(`BROKEN at entry ${victim!.id}`);
    const [before] = await sql`select id from audit_events where id < ${victim!.id} order by id desc limit 1`;
    expect(broken.stdout).toContain(`last intact entry ${before!.id}`);

    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update audit_events set action = 'audit.chain_verified' where id = ${victim!.id}`;
    });
    expect((await auditVerify()).code).toBe(0);
  });
});
