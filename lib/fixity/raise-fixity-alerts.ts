import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { alerts, recordFiles, records } from "@/db/schema";
import { notifyRole } from "@/lib/approvals/notify";
import { alertLink } from "./list-alerts";
import type { FixityProblem } from "./run-fixity-audit";

/**
 * Raises the alert for a stored file found damaged or missing, once for every record using it (once without a
 * record when none does), unless the same alert is still open; each new one notifies the archivists of the
 * record's fonds and the system administrators. The fixity audit and a download that finds the bytes changed
 * both report through here, so an alert reads and reaches people the same whoever found the damage.
 * Returns how many alerts were raised.
 */
export async function raiseFixityAlerts(tx: DbOrTx, problem: FixityProblem, at: Date): Promise<number> {
  const uses = await tx
    .select({ recordId: records.id, fondsId: records.fondsId, fileName: recordFiles.fileName })
    .from(recordFiles)
    .innerJoin(records, eq(records.id, recordFiles.recordId))
    .where(eq(recordFiles.fileId, problem.fileId));
  const targets = uses.length ? uses : [{ recordId: null, fondsId: null, fileName: "" }];
  // What an operator needs to restore the bytes from a backup: the key they live under and the digest they must have.
  const operational = { expected: problem.sha256, actual: problem.actual ?? "", storageKey: problem.storageKey };
  let raised = 0;
  let firstRaised: string | null = null;
  for (const use of targets) {
    const [open] = await tx
      .select({ id: alerts.id })
      .from(alerts)
      .where(and(eq(alerts.kind, problem.kind), eq(alerts.fileId, problem.fileId), use.recordId ? eq(alerts.recordId, use.recordId) : isNull(alerts.recordId), isNull(alerts.resolvedAt)));
    if (open) continue;
    const params = { fileName: use.fileName, ...operational };
    const [alert] = await tx
      .insert(alerts)
      .values({ fondsId: use.fondsId, kind: problem.kind, recordId: use.recordId, fileId: problem.fileId, params, createdAt: at })
      .returning({ id: alerts.id });
    raised += 1;
    firstRaised ??= alert!.id;
    if (use.fondsId) await notifyRole(tx, use.fondsId, "archivist", { kind: `fixity.notification.${problem.kind}`, params, link: alertLink(alert!.id), at });
  }
  // One notice per damaged file, however many records share it, and without the file's name: the system
  // administrator restores bytes and reads no archive content (三员).
  if (firstRaised) await notifyRole(tx, null, "sysadmin", { kind: `fixity.notification.operator.${problem.kind}`, params: operational, link: alertLink(firstRaised), at });
  return raised;
}
