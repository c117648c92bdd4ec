import type postgres from "postgres";
import { NO_ANCHOR_MAC, anchorFile, readAnchorLines } from "./anchor-file";
import { GENESIS_HASH, type HashedFields, hashEntry } from "./append-audit";

/** How many breaks a verdict lists one by one; the count covers them all. */
export const BREAKS_LISTED = 100;

/**
 * An entry that fails, and the entry before it in the trail (null for the very first). Ids have gaps (a
 * rolled-back transaction uses one up), so only both say where to look: a link that does not match means an
 * entry between them was deleted or inserted, or the previous one rewritten with a new hash.
 */
export interface ChainBreak {
  id: number;
  reason: "prev_hash_mismatch" | "hash_mismatch";
  previousId: number | null;
}

/**
 * What the anchors (ADR 0018) say. Per anchor: the entry it names is gone (the trail was cut or the entry
 * deleted), holds another hash (history up to it rewritten, every later hash recomputed), or the trail up to
 * it has another number of entries. Per file: a line that fails its HMAC (forged, or written under another
 * key), a line that does not follow the one before it (a line removed or moved), and a file that stops before
 * the last anchor the database recorded (removed or truncated) or whose line there differs (replaced).
 */
export type AnchorProblem =
  | { kind: "entry_missing" | "hash_mismatch"; seq: number; anchoredAt: string; entryId: number }
  | { kind: "count_mismatch"; seq: number; anchoredAt: string; entryId: number; anchored: number; found: number }
  | { kind: "forged_line" | "out_of_sequence"; line: number }
  | { kind: "file_missing" | "file_truncated" | "file_replaced"; recorded: number; found: number };

export interface AnchorVerdict {
  /** Anchor lines that passed their HMAC, each held to the trail. */
  checked: number;
  /** The newest of them, which says how recent the protection is. */
  last: { seq: number; anchoredAt: string; entryId: number } | null;
  /** Up to BREAKS_LISTED, in the order found; the count covers them all. */
  problems: AnchorProblem[];
  problemCount: number;
}

export interface ChainVerdict {
  /** Every link and every anchor holds. */
  ok: boolean;
  /** Entries verified before the first break; all of them when none breaks. */
  count: number;
  /** The last entry's hash (the genesis hash of an empty trail). */
  lastHash: string;
  /** The first break, null when every link holds. */
  brokenAt: ChainBreak | null;
  /** Every break in id order, the first included, up to BREAKS_LISTED. */
  breaks: ChainBreak[];
  breakCount: number;
  anchors: AnchorVerdict;
  /** Asked for a hash recorded earlier: the entry that has it, or null when the chain no longer holds it. */
  recordedHashAt?: number | null;
}

/** A stored entry as the walk reads it (`select *, to_json(occurred_at) #>> '{}' as occurred_at_iso`). */
export interface AuditRow {
  id: string;
  occurred_at_iso: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_admin_role: string | null;
  fonds_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  data: Record<string, unknown>;
  ip: string | null;
  user_agent: string | null;
  prev_hash: string;
  hash: string;
}

/** What the entry's hash covers, rebuilt from its stored row. */
export function hashedFields(row: AuditRow): HashedFields {
  return {
    occurredAt: new Date(row.occurred_at_iso).toISOString(),
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorAdminRole: row.actor_admin_role,
    fondsId: row.fonds_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    data: row.data,
    ip: row.ip,
    userAgent: row.user_agent,
  };
}

/** The few facts of an anchor the trail is held to. */
interface Held {
  seq: number;
  anchoredAt: string;
  entryId: number;
  hash: string;
  count: number;
}

function problemList() {
  const listed: AnchorProblem[] = [];
  let count = 0;
  return {
    listed,
    count: () => count,
    add(problem: AnchorProblem) {
      count++;
      if (listed.length < BREAKS_LISTED) listed.push(problem);
    },
  };
}

type Problems = ReturnType<typeof problemList>;

/**
 * The anchor file's lines that pass their HMAC, in file order, read as the walk needs them. Checks on the way
 * that each line links to the one before it and, at the end, that the file reaches as far as the database
 * says anchors were written.
 */
async function* anchorsOnFile(sql: postgres.Sql, problems: Problems): AsyncGenerator<Held, void> {
  // The database first: an anchor it records was flushed to the file before, so the file read next has it.
  const [recorded] = await sql<{ seq: number; mac: string }[]>`select seq, mac from audit_anchors order by seq desc limit 1`;
  // After a line that fails, the next good one is where the links pick up again; only the failed line is named.
  let expected: { seq: number; prevMac: string } | null = { seq: 1, prevMac: NO_ANCHOR_MAC };
  let lines = 0;
  for await (const { line, anchor } of readAnchorLines(anchorFile())) {
    lines++;
    if (!anchor) {
      problems.add({ kind: "forged_line", line });
      expected = null;
      continue;
    }
    if (expected && (anchor.seq !== expected.seq || anchor.prevMac !== expected.prevMac)) problems.add({ kind: "out_of_sequence", line });
    if (recorded && anchor.seq === recorded.seq && anchor.mac !== recorded.mac) problems.add({ kind: "file_replaced", recorded: recorded.seq, found: anchor.seq });
    expected = { seq: anchor.seq + 1, prevMac: anchor.mac };
    yield { seq: anchor.seq, anchoredAt: anchor.anchoredAt, entryId: anchor.entryId, hash: anchor.hash, count: anchor.count };
  }
  // One line per anchor: fewer lines than anchors recorded is a file cut short (a forged line is named above).
  if (recorded && lines < recorded.seq) problems.add({ kind: lines === 0 ? "file_missing" : "file_truncated", recorded: recorded.seq, found: lines });
}

/** Holds the trail to one anchor: the entry it names as found (its hash and place in the trail), or undefined when gone. */
function holdTo(anchor: Held, found: { hash: string; position: number } | undefined, problems: Problems) {
  const { seq, anchoredAt, entryId } = anchor;
  if (!found) problems.add({ kind: "entry_missing", seq, anchoredAt, entryId });
  else if (found.hash !== anchor.hash) problems.add({ kind: "hash_mismatch", seq, anchoredAt, entryId });
  else if (found.position !== anchor.count) problems.add({ kind: "count_mismatch", seq, anchoredAt, entryId, anchored: anchor.count, found: found.position });
}

/**
 * Walks the whole trail in id order with a cursor (memory stays flat on millions of entries) and names
 * every entry whose link or content no longer matches its hash. It goes on past a break: a break stays in
 * the trail for good once it happened, and stopping there would leave every later entry unchecked for the
 * archive's remaining decades.
 *
 * The links alone cannot show a rewrite by someone who can write the database and recomputes every later
 * hash, nor the newest entries cut off. The anchors can (ADR 0018): each names an entry, its hash and how many
 * entries led up to it, under an HMAC the database does not hold, and the walk holds the trail to every one,
 * reading the anchor file beside it. `recordedHash`, a last hash noted elsewhere by hand (ADR 0003), must
 * still be in the chain too.
 */
export async function verifyAuditChain(sql: postgres.Sql, recordedHash?: string): Promise<ChainVerdict> {
  const problems = problemList();
  const onFile = anchorsOnFile(sql, problems);
  const seen = { checked: 0, last: null as Held | null };
  const pull = async () => {
    const next = await onFile.next();
    if (next.done) return null;
    seen.checked++;
    seen.last = next.value;
    return next.value;
  };
  // Pulled before the walk starts: the file is read only as far as it reached then, so every anchor in it
  // names an entry committed before the walk's snapshot.
  let anchor = await pull();
  // Anchors name ever later entries, unless someone cut the trail and Acta anchored the shorter one: such an
  // anchor names an entry the walk has passed, and is looked up once the walk is done.
  const passed: Held[] = [];
  let recordedHashAt: number | null = null;
  let prev = GENESIS_HASH;
  let previousId: number | null = null;
  let position = 0;
  let count = 0;
  let breakCount = 0;
  const breaks: ChainBreak[] = [];
  // JSON text of the timestamp: parsers differ between clients (Drizzle swaps postgres.js's date parser).
  await sql<AuditRow[]>`select *, to_json(occurred_at) #>> '{}' as occurred_at_iso from audit_events order by id`.cursor(1000, async (rows) => {
    for (const row of rows) {
      const fields = hashedFields(row);
      // Its content is held to its own stored link, so an entry after a break is checked as fully as any other.
      const reason =
        row.prev_hash !== prev ? "prev_hash_mismatch" : hashEntry(row.prev_hash, fields) !== row.hash ? "hash_mismatch" : null;
      const id = Number(row.id);
      position++;
      if (reason) {
        breakCount++;
        if (breaks.length < BREAKS_LISTED) breaks.push({ id, reason, previousId });
      } else if (breakCount === 0) count++;
      while (anchor && anchor.entryId <= id) {
        if (previousId !== null && anchor.entryId <= previousId) passed.push(anchor);
        // Between the previous entry and this one: the entry it names is no longer there.
        else holdTo(anchor, anchor.entryId === id ? { hash: row.hash, position } : undefined, problems);
        anchor = await pull();
      }
      if (row.hash === recordedHash) recordedHashAt = id;
      prev = row.hash;
      previousId = id;
    }
  });
  // Past the last entry: the trail was cut off below them.
  for (; anchor; anchor = await pull()) {
    if (previousId !== null && anchor.entryId <= previousId) passed.push(anchor);
    else holdTo(anchor, undefined, problems);
  }
  for (const a of passed) {
    const [found] = await sql<{ hash: string; position: string }[]>`
      select hash, (select count(*) from audit_events where id <= ${a.entryId}) as position from audit_events where id = ${a.entryId}`;
    holdTo(a, found && { hash: found.hash, position: Number(found.position) }, problems);
  }
  const newest = seen.last;
  return {
    ok: breakCount === 0 && problems.count() === 0,
    count,
    lastHash: prev,
    brokenAt: breaks[0] ?? null,
    breaks,
    breakCount,
    anchors: {
      checked: seen.checked,
      last: newest && { seq: newest.seq, anchoredAt: newest.anchoredAt, entryId: newest.entryId },
      problems: problems.listed,
      problemCount: problems.count(),
    },
    ...(recordedHash === undefined ? {} : { recordedHashAt }),
  };
}
