import postgres from "postgres";
import { verifyAuditChain } from "../lib/audit/verify-chain";
import { log, resolveDatabase } from "./lib/database";

// Works with Acta running or not: a running embedded server is reused (and left running), a stopped
// one is started for the check and stopped again.
const database = await resolveDatabase();
const sql = postgres(database.url, { max: 1, onnotice: () => {} });
try {
  const verdict = await verifyAuditChain(sql);
  if (verdict.ok) {
    console.log(`audit chain intact: ${verdict.count} entries, last hash ${verdict.lastHash}`);
  } else {
    const { id, reason, previousId } = verdict.brokenAt;
    const before = previousId === null ? "no entry before it verified" : `${verdict.count} entries before it verified, last intact entry ${previousId}`;
    console.log(`audit chain BROKEN at entry ${id} (${reason}); ${before}`);
    process.exitCode = 2;
  }
} catch (e) {
  log(`Could not verify: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await sql.end({ timeout: 2 });
  await database.release();
}
