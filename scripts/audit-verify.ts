import postgres from "postgres";
import { type AnchorProblem, verifyAuditChain } from "../lib/audit/verify-chain";
import { countOf } from "./lib/count-of";
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
  const { anchors } = verdict;
  if (verdict.brokenAt) {
    const { id, reason, previousId } = verdict.brokenAt;
    const before = previousId === null ? "no entry before it verified" : `${countOf(verdict.count, "entry", "entries")} before it verified, last intact entry ${previousId}`;
    console.log(`audit chain BROKEN at entry ${id} (${reason}); ${before}`);
    if (verdict.breakCount > 1) {
      const more = verdict.breaks.slice(1).map((b) => `entry ${b.id} (${b.reason})`);
      if (verdict.breakCount > verdict.breaks.length) more.push("…");
      console.log(`${countOf(verdict.breakCount - 1, "more break", "more breaks")} after it: ${more.join(", ")}`);
    }
  } else if (verdict.recordedHashAt === null) {
    console.log(
      `audit chain CUT SHORT: the recorded hash ${recorded} is NOT in the chain; its ${countOf(verdict.count, "entry links", "entries link")} up, last hash ${verdict.lastHash}, so the entries from the recorded one on were removed or rewritten`,
    );
  } else if (anchors.problemCount) {
    console.log(`audit chain CONTRADICTS ITS ANCHORS: its ${countOf(verdict.count, "entry links", "entries link")} up, last hash ${verdict.lastHash}, but it is not the chain the anchors recorded`);
  } else {
    console.log(`audit chain intact: ${countOf(verdict.count, "entry", "entries")}, last hash ${verdict.lastHash}`);
    if (verdict.recordedHashAt !== undefined) console.log(`recorded hash found at entry ${verdict.recordedHashAt}`);
  }
  console.log(
    anchors.last
      ? `anchors: ${anchors.checked} checked, the latest (#${anchors.last.seq}, ${anchors.last.anchoredAt}) covers up to entry ${anchors.last.entryId}`
      : "anchors: none written yet, so a rewrite that recomputes every later hash cannot be told from the chain alone",
  );
  for (const problem of anchors.problems) console.log(`anchor problem: ${describeAnchorProblem(problem)}`);
  if (anchors.problemCount > anchors.problems.length) console.log(`… and ${countOf(anchors.problemCount - anchors.problems.length, "more anchor problem", "more anchor problems")}`);
  if (!verdict.ok || verdict.recordedHashAt === null) process.exitCode = 2;
} catch (e) {
  log(`Could not verify: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await sql.end({ timeout: 2 });
  await database.release();
}

function describeAnchorProblem(p: AnchorProblem): string {
  switch (p.kind) {
    case "entry_missing":
      return `anchor #${p.seq} (${p.anchoredAt}) names entry ${p.entryId}, which is no longer in the chain: the entries from it on were removed`;
    case "hash_mismatch":
      return `anchor #${p.seq} (${p.anchoredAt}) names entry ${p.entryId}, whose hash has changed: the history up to it was rewritten and its hashes recomputed`;
    case "count_mismatch":
      return `anchor #${p.seq} (${p.anchoredAt}) recorded ${countOf(p.anchored, "entry", "entries")} up to entry ${p.entryId}, there are now ${p.found}: entries were deleted or inserted before it`;
    case "forged_line":
      return `line ${p.line} of the anchor file fails its HMAC: forged or altered, or written under another key (ACTA_SECRET_KEY / AUTH_SECRET changed?)`;
    case "out_of_sequence":
      return `line ${p.line} of the anchor file does not follow the line before it: a line was removed or lines were reordered`;
    case "file_missing":
      return `the database records ${countOf(p.recorded, "anchor", "anchors")} written, but the anchor file is missing or empty: removed, or ACTA_DATA_DIR points elsewhere`;
    case "file_truncated":
      return `the database records ${countOf(p.recorded, "anchor", "anchors")} written, but the anchor file holds only ${countOf(p.found, "line", "lines")}: lines were removed or the file was truncated`;
    case "file_replaced":
      return `anchor ${p.recorded} in the anchor file differs from the one the database recorded: the file was replaced`;
  }
}
