import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getAccessibleFonds, requirePagePermission } from "@/app/_server/context";
import { DecidedTable } from "@/components/approvals/decided-table";
import { InboxTable, type InboxRow } from "@/components/approvals/inbox-table";
import { listDecidedApprovals } from "@/lib/approvals/list-decided";
import { listInbox } from "@/lib/approvals/list-inbox";
import { listFilingTotals } from "@/lib/approvals/queries/list-filing-totals";
import { cn } from "@/lib/utils";

export async function generateMetadata() {
  const t = await getTranslations("approvals-ui.inbox");
  return { title: t("title") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ApprovalsPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await requirePagePermission("approval.decide");
  const params = await searchParams;
  const decided = params.view === "decided";
  const [t, fonds] = await Promise.all([getTranslations("approvals-ui"), getAccessibleFonds()]);
  const codes = new Map(fonds.map((f) => [f.id, f.code]));
  const tabs = [
    { key: "inbox", href: "/approvals", label: t("tabs.inbox"), current: !decided },
    { key: "decided", href: "/approvals?view=decided", label: t("tabs.decided"), current: decided },
  ];
  return (
    <div className="mx-auto grid max-w-6xl grid-cols-1 gap-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("inbox.title")}</h1>
        <nav className="mt-4 flex gap-1 border-b" aria-label={t("tabs.label")}>
          {tabs.map((tab) => (
            <Link
              key={tab.key}
              href={tab.href}
              aria-current={tab.current ? "page" : undefined}
              className={cn(
                "-mb-px border-b-2 px-3 py-2 text-sm font-medium transition-colors",
                tab.current ? "border-primary text-foreground" : "text-muted-foreground hover:text-foreground border-transparent",
              )}
            >
              {tab.label}
            </Link>
          ))}
        </nav>
      </div>
      {decided ? await decidedView(ctx, params.page, codes, t) : await inboxView(ctx, codes, t)}
    </div>
  );
}

type Ctx = Awaited<ReturnType<typeof requirePagePermission>>;
type T = Awaited<ReturnType<typeof getTranslations<"approvals-ui">>>;

async function inboxView(ctx: Ctx, codes: Map<string, string>, t: T) {
  const inbox = await listInbox(ctx, {});
  // listInbox only fails without an actor, which requirePagePermission has ruled out.
  const items = inbox.ok ? inbox.value : [];
  const totals = await listFilingTotals(ctx, items.filter((i) => i.kind === "filing").map((i) => i.subjectId));
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
    <>
      {/* Empty, the table's own notice says it. */}
      {rows.length > 0 && <p className="text-muted-foreground -mt-2 text-sm">{t("inbox.subtitle", { count: rows.length })}</p>}
      <InboxTable rows={rows} />
    </>
  );
}

async function decidedView(ctx: Ctx, page: string | string[] | undefined, codes: Map<string, string>, t: T) {
  // A page number that is not one (typed into the address bar) shows the first page.
  const asked = await listDecidedApprovals(ctx, { page: typeof page === "string" ? page : undefined });
  const listed = asked.ok ? asked : await listDecidedApprovals(ctx, {});
  const value = listed.ok ? listed.value : { items: [], page: 1, hasMore: false };
  return (
    <>
      <p className="text-muted-foreground -mt-2 text-sm">{t("decided.subtitle")}</p>
      <DecidedTable items={value.items.map((i) => ({ ...i, fondsCode: codes.get(i.fondsId) ?? "" }))} page={value.page} hasMore={value.hasMore} />
    </>
  );
}
