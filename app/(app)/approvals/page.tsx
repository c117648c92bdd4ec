import { getTranslations } from "next-intl/server";
import { getAccessibleFonds, requirePagePermission } from "@/app/_server/context";
import { InboxTable, type InboxRow } from "@/components/approvals/inbox-table";
import { listInbox } from "@/lib/approvals/list-inbox";
import { listFilingTotals } from "@/lib/approvals/queries/list-filing-totals";

export async function generateMetadata() {
  const t = await getTranslations("approvals-ui.inbox");
  return { title: t("title") };
}

export default async function ApprovalsInboxPage() {
  const ctx = await requirePagePermission("approval.decide");
  const [t, inbox, fonds] = await Promise.all([getTranslations("approvals-ui.inbox"), listInbox(ctx, {}), getAccessibleFonds()]);
  // listInbox only fails without an actor, which requirePagePermission has ruled out.
  const items = inbox.ok ? inbox.value : [];
  const totals = await listFilingTotals(ctx, items.filter((i) => i.kind === "filing").map((i) => i.subjectId));
  const codes = new Map(fonds.map((f) => [f.id, f.code]));
  const rows: InboxRow[] = items.map((i) => {
    const sums = i.kind === "filing" ? totals.get(i.subjectId) : undefined;
    return {
      id: i.id,
      kind: i.kind,
      title: i.title,
      fondsCode: codes.get(i.fondsId) ?? "",
      requesterName: i.requesterName,
      createdAt: i.createdAt,
      records: sums?.records ?? null,
      heldBack: sums?.heldBack ?? null,
      total: sums?.total ?? null,
    };
  });
  return (
    <div className="mx-auto grid max-w-6xl grid-cols-1 gap-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-muted-foreground mt-1 text-sm">{t("subtitle", { count: rows.length })}</p>
      </div>
      <InboxTable rows={rows} />
    </div>
  );
}
