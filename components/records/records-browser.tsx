"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useMemo } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ColumnDef, type SortingState, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { ArrowDownIcon, ArrowUpDownIcon, ArrowUpIcon, ChevronLeftIcon, ChevronRightIcon, LinkIcon, PaperclipIcon, SearchXIcon } from "lucide-react";
import { ArchivalCode } from "@/components/archival-code";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDecimal } from "@/lib/decimal";
import { EXPORT_CAP } from "@/lib/search/limits";
import type { SearchItem, SearchResult } from "@/lib/search/search-records";
import { cn } from "@/lib/utils";
import { ExportButton } from "./export-button";
import { recordsKeys } from "./keys";
import { apiQuery } from "./search-params";
import { SearchFilters } from "./search-filters";
import { CHECK_STATUS_VARIANT, RECORD_STATE_VARIANT } from "./status-variants";
import { totalLabel } from "./total-label";

declare module "@tanstack/react-table" {
  // Column classes (e.g. hidden on narrow screens), applied to the header and every cell of the column.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- an augmentation repeats TanStack's type parameters
  interface ColumnMeta<TData, TValue> {
    className?: string;
  }
}

const SORTABLE: Record<string, [string, string]> = {
  docDate: ["date_asc", "date_desc"],
  amount: ["amount_asc", "amount_desc"],
  archivalCode: ["code_asc", "code_desc"],
};

// Text colours for the folded check result: only what needs attention stands out (and keeps AA contrast).
const CHECK_TEXT: Record<string, string> = { failed: "text-destructive font-medium", warning: "text-[oklch(0.45_0.12_70)]" };

/** A refused or failed search, by its code, so the list words it in the reader's language. */
class SearchError extends Error {
  constructor(
    readonly code: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(code);
  }
}

async function fetchRecords(endpoint: string, query: string): Promise<SearchResult> {
  // Without a connection the browser's own English ("Failed to fetch") reached a Chinese screen.
  const res = await fetch(`${endpoint}?${query}`, { headers: { accept: "application/json" } }).catch(() => null);
  if (!res) throw new SearchError("records-ui.network");
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; params?: Record<string, string | number> } } | null;
  if (!res.ok) throw new SearchError(body?.error?.code ?? "records-ui.network", body?.error?.params);
  return body as SearchResult;
}

export interface RecordsBrowserProps {
  defaultFondsId: string | null;
  initialQuery: string;
  initial: SearchResult | null;
  /** Fonds whose records the user may open (record.read); elsewhere rows are catalogue entries only. */
  openableFonds: string[];
  fondsOptions: { id: string; label: string }[];
  years: number[];
  /** Where results come from and records open: the main shell's, or the embedded pages' own (their session cookie lives under /embed). */
  searchEndpoint?: string;
  recordPath?: string;
  /** Where the current results download as an Excel catalogue; none in the embedded pages. */
  exportEndpoint?: string;
}

/** The list beside the tree: search box, filters, and a server-paged, server-sorted table, all kept in the URL. */
export function RecordsBrowser({ defaultFondsId, initialQuery, initial, openableFonds, fondsOptions, years, searchEndpoint = "/api/records", recordPath = "/records", exportEndpoint }: RecordsBrowserProps) {
  const t = useTranslations("records-ui");
  const tc = useTranslations("common");
  const tAll = useTranslations();
  const format = useFormatter();
  const locale = useLocale();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const query = apiQuery(params, defaultFondsId);
  const { data, isFetching, isError, error, refetch } = useQuery({
    queryKey: recordsKeys.search(query),
    queryFn: () => fetchRecords(searchEndpoint, query),
    initialData: query === initialQuery && initial ? initial : undefined,
    placeholderData: keepPreviousData,
  });

  const navigate = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    router.push(`${pathname}?${next.toString()}`, { scroll: false });
  };

  const sort = params.get("sort") ?? "date_desc";
  const sorting: SortingState = Object.entries(SORTABLE)
    .filter(([, keys]) => keys.includes(sort))
    .map(([id, keys]) => ({ id, desc: keys[1] === sort }));
  const page = Number(params.get("page") ?? 1) || 1;
  const pageSize = Number(params.get("pageSize") ?? 50) || 50;

  const columns = useMemo<ColumnDef<SearchItem>[]>(
    () => [
      {
        id: "archivalCode",
        header: t("columns.archivalCode"),
        cell: ({ row }) =>
          row.original.archivalCode ? (
            <ArchivalCode code={row.original.archivalCode} className="block min-w-24" />
          ) : (
            <span className="text-muted-foreground text-xs">{t("notFiled")}</span>
          ),
      },
      {
        id: "voucherNo",
        header: t("columns.voucherNo"),
        cell: ({ row }) => {
          const { voucherNo, voucherWord, supportsVoucher } = row.original;
          if (voucherNo) return <span className="whitespace-nowrap">{`${voucherWord ?? ""}-${voucherNo}`}</span>;
          if (!supportsVoucher) return "—";
          return (
            <span className="text-muted-foreground inline-flex items-center gap-1 whitespace-nowrap" title={t("supportsVoucher", { voucher: supportsVoucher })}>
              <LinkIcon className="size-3 shrink-0" aria-hidden />
              <span className="sr-only">{t("supports")}</span>
              {supportsVoucher}
            </span>
          );
        },
      },
      {
        id: "docDate",
        header: t("columns.docDate"),
        cell: ({ row }) => <span className="whitespace-nowrap tabular-nums">{row.original.docDate ?? "—"}</span>,
      },
      {
        id: "title",
        header: t("columns.title"),
        cell: ({ row }) => {
          const item = row.original;
          const title = <span dangerouslySetInnerHTML={{ __html: item.titleHtml }} />;
          return (
            // Long invoice numbers have no break opportunity: let them wrap so the amount stays in view at 1280px.
            <div className="max-w-60 min-w-44 whitespace-normal [overflow-wrap:anywhere] 2xl:max-w-md">
              {openableFonds.includes(item.fondsId) ? (
                <Link href={`${recordPath}/${item.id}`} className="font-medium hover:underline focus-visible:underline">
                  {title}
                </Link>
              ) : (
                <span className="font-medium">{title}</span>
              )}
              {/* Below 2xl the check and expiry columns fold in here, so a 1280px screen still shows every field. */}
              <p className="text-muted-foreground mt-1 text-xs 2xl:hidden">
                {/* Each part whole on its line: a break falls between them, never inside a date. */}
                <span className={cn("whitespace-nowrap", CHECK_TEXT[item.checkStatus])}>{t("stateDetails.check", { status: t(`checkStatus.${item.checkStatus}`) })}</span>
                {" · "}
                <span className="whitespace-nowrap tabular-nums">
                  {item.retentionExpiresOn ? t("stateDetails.expiry", { until: item.retentionExpiresOn }) : t("stateDetails.retention", { period: tc(`retention.${item.retention}`) })}
                </span>
              </p>
              {item.fragments.length > 0 && (
                <ul className="text-muted-foreground mt-1 grid gap-0.5 text-xs" aria-label={t("matches")}>
                  {item.fragments.map((f, i) => (
                    <li key={i} className="truncate" dangerouslySetInnerHTML={{ __html: f }} />
                  ))}
                </ul>
              )}
            </div>
          );
        },
      },
      {
        id: "amount",
        header: t("columns.amount"),
        cell: ({ row }) => (
          <span className="block text-right whitespace-nowrap tabular-nums">
            {row.original.amount === null ? "—" : formatDecimal(row.original.amount, 2, { grouping: true })}
          </span>
        ),
      },
      {
        id: "attachments",
        header: () => <PaperclipIcon className="size-4" aria-label={t("columns.attachments")} />,
        // Only vouchers count their attachments; a source document has none to count.
        cell: ({ row }) => <span className="tabular-nums">{row.original.attachmentCount ?? "—"}</span>,
      },
      {
        id: "state",
        header: t("columns.state"),
        cell: ({ row }) => <Badge variant={RECORD_STATE_VARIANT[row.original.state] ?? "outline"}>{tc(`states.${row.original.state}`)}</Badge>,
      },
      {
        id: "checkStatus",
        // Beside the tree at 1280px the amount must stay in view: the two least-read columns get their own
        // cells on wide screens and fold under the summary below that.
        meta: { className: "hidden 2xl:table-cell" },
        header: t("columns.checkStatus"),
        cell: ({ row }) => <Badge variant={CHECK_STATUS_VARIANT[row.original.checkStatus] ?? "outline"}>{t(`checkStatus.${row.original.checkStatus}`)}</Badge>,
      },
      {
        id: "retentionExpiresOn",
        meta: { className: "hidden 2xl:table-cell" },
        header: t("columns.expiry"),
        cell: ({ row }) => (
          <span className="whitespace-nowrap tabular-nums">
            {row.original.retentionExpiresOn ?? tc(`retention.${row.original.retention}`)}
          </span>
        ),
      },
    ],
    [t, tc, openableFonds, recordPath],
  );

  const table = useReactTable({
    data: data?.items ?? [],
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    state: { sorting },
    rowCount: data?.total ?? 0,
  });

  const total = data?.total ?? 0;
  const totalText = (result: SearchResult) => {
    const { key, total: shown } = totalLabel(result);
    return t(key, { total: format.number(shown) });
  };
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const hasFilters = [...params.keys()].some((k) => k !== "fondsId" && k !== "page" && k !== "pageSize" && k !== "sort");

  const sortButton = (id: string, label: React.ReactNode) => {
    const keys = SORTABLE[id]!;
    const active = sorting.find((s) => s.id === id);
    const next = active ? (active.desc ? keys[0] : keys[1]) : keys[1];
    const Icon = active ? (active.desc ? ArrowDownIcon : ArrowUpIcon) : ArrowUpDownIcon;
    return (
      <button
        type="button"
        onClick={() => navigate({ sort: next === "date_desc" ? null : next, page: null })}
        className="hover:text-foreground inline-flex items-center gap-1 rounded-sm outline-none focus-visible:ring-2 focus-visible:ring-ring"
        aria-label={t("sortBy", { column: String(label) })}
      >
        {label}
        <Icon className="size-3.5" aria-hidden />
      </button>
    );
  };

  return (
    <div className="grid min-w-0 gap-4">
      <SearchFilters params={params} fondsOptions={fondsOptions} years={years} defaultFondsId={defaultFondsId} onApply={(changes) => navigate({ ...changes, page: null })} />
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm" aria-live="polite">
        <span className="text-muted-foreground" data-testid="result-total">
          {data ? totalText(data) : tc("loading")}
        </span>
        <div className="flex items-center gap-3">
          {isFetching && <span className="text-muted-foreground text-xs">{tc("loading")}</span>}
          {exportEndpoint && data && data.total > 0 && (
            <ExportButton href={`${exportEndpoint}?${query}&locale=${locale}`} tooLarge={data.total > EXPORT_CAP} hint={t("export.tooLarge", { max: format.number(EXPORT_CAP) })} />
          )}
        </div>
      </div>
      {isError ? (
        <div role="alert" className="border-destructive/30 bg-destructive/5 flex items-center justify-between gap-3 rounded-lg border p-4 text-sm">
          <span>{t("loadFailed", { reason: error instanceof SearchError && tAll.has(error.code) ? tAll(error.code, error.params) : tAll("records-ui.network") })}</span>
          <Button variant="outline" size="sm" onClick={() => refetch()}>
            {tc("actions.retry")}
          </Button>
        </div>
      ) : (
        <div className="bg-card overflow-x-auto rounded-lg border" aria-busy={isFetching}>
          <Table>
            <TableHeader>
              {table.getHeaderGroups().map((group) => (
                <TableRow key={group.id}>
                  {group.headers.map((header) => {
                    const label = flexRender(header.column.columnDef.header, header.getContext());
                    const active = sorting.find((s) => s.id === header.id);
                    return (
                      <TableHead
                        key={header.id}
                        aria-sort={active ? (active.desc ? "descending" : "ascending") : undefined}
                        // English headers wrap at their spaces ("Archival code" would otherwise cost the state column at
                        // 1280px); Chinese ones (档号) never break between their characters.
                        className={cn("whitespace-normal break-keep", header.id === "amount" && "text-right", header.column.columnDef.meta?.className)}
                      >
                        {header.id in SORTABLE ? sortButton(header.id, label as string) : label}
                      </TableHead>
                    );
                  })}
                </TableRow>
              ))}
            </TableHeader>
            <TableBody>
              {table.getRowModel().rows.map((row) => (
                <TableRow key={row.id} data-testid="record-row">
                  {row.getVisibleCells().map((cell) => (
                    <TableCell key={cell.id} className={cn("align-top", cell.column.columnDef.meta?.className)}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {data && data.items.length === 0 && (
            <div className="flex flex-col items-center gap-2 px-6 py-14 text-center">
              <SearchXIcon className="text-muted-foreground size-8" aria-hidden />
              <p className="font-medium">{hasFilters ? t("empty.noMatchTitle") : t("empty.noRecordsTitle")}</p>
              <p className="text-muted-foreground max-w-md text-sm">{hasFilters ? t("empty.noMatchBody") : t("empty.noRecordsBody")}</p>
              {hasFilters && (
                <Button variant="outline" size="sm" onClick={() => router.push(pathname)}>
                  {t("filters.clear")}
                </Button>
              )}
            </div>
          )}
        </div>
      )}
      <nav className="flex flex-wrap items-center justify-between gap-3 text-sm" aria-label={t("pagination.label")}>
        <label className="text-muted-foreground flex items-center gap-2">
          {t("pagination.pageSize")}
          <span className="w-20">
            <NativeSelect value={String(pageSize)} onChange={(e) => navigate({ pageSize: e.target.value === "50" ? null : e.target.value, page: null })}>
              {[20, 50, 100].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </NativeSelect>
          </span>
        </label>
        <div className="flex items-center gap-2">
          <Button variant="outline" size="sm" disabled={page <= 1} onClick={() => navigate({ page: page - 1 > 1 ? String(page - 1) : null })}>
            <ChevronLeftIcon aria-hidden />
            {t("pagination.previous")}
          </Button>
          <span className="tabular-nums">{t("pagination.page", { page, pages: data?.totalIsEstimate ? `${format.number(pages)}+` : format.number(pages) })}</span>
          <Button variant="outline" size="sm" disabled={page >= pages} onClick={() => navigate({ page: String(page + 1) })}>
            {t("pagination.next")}
            <ChevronRightIcon aria-hidden />
          </Button>
        </div>
      </nav>
    </div>
  );
}

/** The Excel catalogue of the current results; past the cap it says why it is off instead of failing after a click. */
