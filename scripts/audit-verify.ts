import postgres from "postgres";
import { verifyAuditChain } from "../lib/audit/verify-chain";
import { log, resolveDatabase } from "./lib/database";

// Optional: a last hash this command printed earlier and the operator kept elsewhere (ADR 0003). Cutting off
// the newest entries leaves an intact chain; only a hash it no longer holds shows the cut.
const recorded = process.argv[2]?.trim().toLowerCase();
if (recorded !== undefined && !/^[0-9a-f]{64}$/.test(recorded)) {
  log(`The recorded hash must be 64 hexadecimal characters, as audit:verify printed it; got "${process.argv[2]}". Nothing was checked.`);
  process.exit(1);
}

// Works with Acta running or not: a running embedded server is reused (and left running), a stopped
// one is started for the check and stopped again.
const database = await resolveDatabase();
const sql = postgres(database.url, { max: 1, onnotice: () => {} });
try {
  const verdict = await verifyAuditChain(sql, recorded);
  if (verdict.ok && verdict.recordedHashAt === null) {
    console.log(
      `audit chain CUT SHORT: the recorded hash ${recorded} is NOT in the chain; its ${verdict.count} entries link up, last hash ${verdict.lastHash}, so the entries from the recorded one on were removed or rewritten`,
    );
    process.exitCode = 2;
  } else if (verdict.ok) {
    console.log(`audit chain intact: ${verdict.count} entries, last hash ${verdict.lastHash}`);
    if (verdict.recordedHashAt !== undefined) console.log(`recorded hash found at entry ${verdict.recordedHashAt}`);
  } else {
    const { id, reason, previousId } = verdict.brokenAt;
    const before = previousId === null ? "no entry before it verified" : `${verdict.count} entries before it verified, last intact entry ${previousId}`;
    console.log(`audit chain BROKEN at entry ${id} (${reason}); ${before}`);
    if (verdict.breakCount > 1) {
      const more = verdict.breaks.slice(1).map((b) => `entry ${b.id} (${b.reason})`);
      if (verdict.breakCount > verdict.breaks.length) more.push("…");
      console.log(`${verdict.breakCount - 1} more breaks after it: ${more.join(", ")}`);
    }
    process.exitCode = 2;
  }
} catch (e) {
  log(`Could not verify: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await sql.end({ timeout: 2 });
  await database.release();
}
