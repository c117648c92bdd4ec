import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { rewriteHistory } from "@/db/test/audit-tamper";
import { testDb } from "@/db/test/setup";
import { runScheduledAuditAnchor } from "@/lib/audit/anchor-audit-chain";
import { appendAudit } from "@/lib/audit/append-audit";
import { systemContext } from "@/lib/context";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");

async function auditVerify(...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts", ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
    });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
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

  it("checks the chain still holds a head hash recorded elsewhere, so cutting off the newest entries shows", async () => {
    const { db, sql } = testDb();
    const marker = randomUUID();
    await db.transaction((tx) => appendAudit(tx, systemContext(db), { action: "audit.chain_verified", targetType: "audit_chain", targetId: marker, data: {} }));
    const [head] = await sql<{ id: string; hash: string }[]>`select id, hash from audit_events order by id desc limit 1`;
    expect(await auditVerify(head!.hash)).toMatchObject({ code: 0, stdout: expect.stringContaining(`recorded hash found at entry ${head!.id}`) });

    // A superuser cuts off the newest entry: what is left is a perfectly linked chain, only shorter.
    const [gone] = await sql`select * from audit_events where id = ${head!.id}`;
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`delete from audit_events where id = ${head!.id}`;
    });
    const cut = await auditVerify(head!.hash);
    const plain = await auditVerify();
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`insert into audit_events overriding system value select * from jsonb_populate_record(null::audit_events, ${JSON.stringify(gone)}::jsonb)`;
    });
    expect(plain.code).toBe(0);
    expect(cut.code).toBe(2);
    expect(cut.stdout).toContain(`recorded hash ${head!.hash} is NOT in the chain`);

    const bad = await auditVerify("not-a-hash");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("64 hexadecimal");
    expect((await auditVerify(head!.hash)).code).toBe(0);
  });

  it("holds the chain to its anchors, so a history rewritten with every hash recomputed fails the check", async () => {
    const { db, sql } = testDb();
    const marker = randomUUID();
    await db.transaction((tx) => appendAudit(tx, systemContext(db), { action: "audit.chain_verified", targetType: "audit_chain", targetId: marker, data: { amount: "9.99" } }));
    await db.transaction((tx) => appendAudit(tx, systemContext(db), { action: "audit.chain_verified", targetType: "audit_chain", data: {} }));
    const anchored = await runScheduledAuditAnchor(db);
    const anchor = anchored.written ? anchored.anchor : null;
    const intact = await auditVerify();
    expect(intact).toMatchObject({ code: 0, stdout: expect.stringContaining(`covers up to entry ${anchor!.entryId}`) });

    const [victim] = await sql<{ id: string }[]>`select id from audit_events where target_id = ${marker}`;
    const restore = await rewriteHistory(sql, Number(victim!.id), { amount: "0.01" });
    const rewritten = await auditVerify();
    await restore();
    expect(rewritten.code).toBe(2);
    expect(rewritten.stdout).toContain("CONTRADICTS ITS ANCHORS");
    expect(rewritten.stdout).toContain(`anchor #${anchor!.seq} (${anchor!.anchoredAt.toISOString()}) names entry ${anchor!.entryId}, whose hash has changed`);
    expect((await auditVerify()).code).toBe(0);
  });
});
