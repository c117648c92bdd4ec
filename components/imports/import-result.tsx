"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { AlertCircleIcon, CheckCircle2Icon, DownloadIcon, Loader2Icon } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError, type ImportCounts, type ImportErrorView, fetchImport, importKeys, importsPath, serverText } from "./api";
import { fieldLabelKey } from "./field-label";

const COUNTS: (keyof ImportCounts)[] = ["rows", "vouchers", "created", "updated", "unchanged", "rejected", "conflicts"];
const POLL_MS = 1000;

/** Polls one import until it finishes, then shows its counts and first errors with the full list as CSV. */
export function ImportResult({ connectorId, importId, onFinished }: { connectorId: string; importId: string; onFinished?: () => void }) {
  const t = useTranslations();
  const format = useFormatter();
  const locale = useLocale();
  const query = useQuery({
    queryKey: importKeys.status(connectorId, importId),
    queryFn: async () => {
      const status = await fetchImport(connectorId, importId);
      if (status.state === "succeeded" || status.state === "failed") onFinished?.();
      return status;
    },
    refetchInterval: (q) => (q.state.data && (q.state.data.state === "succeeded" || q.state.data.state === "failed") ? false : POLL_MS),
    staleTime: 0,
  });
  if (query.isError) {
    const refused = query.error instanceof ApiError ? query.error.error : { code: "imports-ui.network" };
    // The page checked the connector, so refused input is a malformed import id (a link cut short when
    // pasted): it is not found, not a form with fields "marked in red".
    const e = refused.code === "validation.invalid_input" ? { code: "import.not_found" } : refused;
    return (
      <Alert variant="destructive">
        <AlertCircleIcon />
        <AlertDescription>{t(e.code, e.params)}</AlertDescription>
      </Alert>
    );
  }
  const s = query.data;
  const done = s?.state === "succeeded" || s?.state === "failed";
  const progress = done ? 100 : Math.max(0, Math.min(100, s?.progress ?? 0));
  const fieldText = (field: string | null | undefined) => {
    const key = fieldLabelKey(field);
    return key && t.has(key) ? t(key) : field || "—";
  };
  const word = (e: ImportErrorView) => (t.has(e.code) ? t(e.code, { ...e.params }) : (serverText(e.message, locale) ?? e.code));
  return (
    <section className="grid gap-5" aria-label={t("imports-ui.result.title")}>
      <div className="grid gap-2">
        <div className="flex items-center justify-between text-sm">
          <span className="flex items-center gap-2 font-medium" data-testid="import-state">
            {!done && <Loader2Icon className="text-primary size-4 animate-spin" aria-hidden />}
            {done && s?.state === "succeeded" && <CheckCircle2Icon className="text-success size-4" aria-hidden />}
            {done && s?.state === "failed" && <AlertCircleIcon className="text-destructive size-4" aria-hidden />}
            {t(`imports-ui.states.${s?.state ?? "queued"}`)}
          </span>
          <span className="text-muted-foreground tabular-nums" data-testid="import-progress-text">
            {format.number(progress / 100, { style: "percent" })}
          </span>
        </div>
        <Progress value={progress} aria-label={t("imports-ui.result.progress")} aria-valuetext={`${progress}%`} />
      </div>
      {s?.state === "failed" && s.failure && (
        <Alert variant="destructive">
          <AlertCircleIcon />
          <AlertTitle>{t("imports-ui.result.failedTitle")}</AlertTitle>
          <AlertDescription>{t.has(s.failure.code) ? t(s.failure.code, s.failure.params) : (serverText(s.failure.message, locale) ?? s.failure.code)}</AlertDescription>
        </Alert>
      )}
      {s?.detection && (s.detection.message || s.detection.package || s.detection.leftOut) && (
        <div className="grid gap-1 text-sm" data-testid="import-read-as">
          {s.detection.message && <p>{t("imports-ui.result.readAs", { how: serverText(s.detection.message, locale) ?? "" })}</p>}
          {s.detection.package && <p className="text-muted-foreground">{t("imports-ui.result.package", { ...s.detection.package })}</p>}
          {s.detection.leftOut && (
            <p className="text-muted-foreground" data-testid="import-left-out">
              {t("imports-ui.result.leftOut", { count: s.detection.leftOut.notInBooks })}
            </p>
          )}
        </div>
      )}
      {s && (
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 xl:grid-cols-7" aria-label={t("imports-ui.result.counts")}>
          {COUNTS.map((k) => (
            <div key={k} className="bg-muted/40 rounded-lg border px-3 py-2" data-testid={`count-${k}`}>
              <dt className="text-muted-foreground text-xs">{t(`imports-ui.counts.${k}`)}</dt>
              <dd className={`text-xl font-semibold tabular-nums ${(k === "rejected" || k === "conflicts") && s.counts[k] > 0 ? "text-destructive" : ""}`}>{format.number(s.counts[k] ?? 0)}</dd>
            </div>
          ))}
        </dl>
      )}
      {done && s && s.errors.length === 0 && s.state === "succeeded" && (
        <Alert>
          <CheckCircle2Icon className="text-success" />
          <AlertDescription>{t("imports-ui.result.clean")}</AlertDescription>
        </Alert>
      )}
      {s && s.errors.length > 0 && (
        <div className="grid gap-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <div>
              <h3 className="font-medium">{t("imports-ui.result.errorsTitle")}</h3>
              <p className="text-muted-foreground text-xs" data-testid="import-errors-hint">
                {(s.errorCount ?? 0) > s.errors.length
                  ? t("imports-ui.result.errorsHint", { total: s.errorCount!, shown: s.errors.length })
                  : t("imports-ui.result.errorsHintAll", { total: s.errors.length })}
              </p>
            </div>
            <Button asChild variant="outline" size="sm">
              <a href={`${importsPath(connectorId)}/${importId}/errors.csv`} download>
                <DownloadIcon aria-hidden />
                {t("imports-ui.result.download")}
              </a>
            </Button>
          </div>
          <div className="rounded-lg border">
            <Table aria-label={t("imports-ui.result.errorsTitle")}>
              <TableHeader>
                <TableRow>
                  <TableHead className="w-16">{t("imports-ui.result.row")}</TableHead>
                  <TableHead>{t("imports-ui.result.voucher")}</TableHead>
                  <TableHead>{t("imports-ui.result.field")}</TableHead>
                  <TableHead>{t("imports-ui.result.value")}</TableHead>
                  <TableHead>{t("imports-ui.result.message")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {s.errors.map((e, i) => (
                  <TableRow key={i} className="align-top">
                    {/* Row 0 is the file or package as a whole (a stray attachment, a missing column), not a line of it. */}
                    <TableCell className="font-mono text-xs">{e.row || "—"}</TableCell>
                    <TableCell className="text-xs whitespace-nowrap">{e.voucher ?? "—"}</TableCell>
                    <TableCell className="max-w-56 text-xs break-all whitespace-normal">{fieldText(e.field)}</TableCell>
                    <TableCell className="max-w-48 truncate font-mono text-xs" title={e.value ?? ""}>
                      {e.value || "—"}
                    </TableCell>
                    {/* Messages wrap: a long one kept on one line widened the whole page past the window. */}
                    <TableCell className="min-w-72 text-sm whitespace-normal">{word(e)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </div>
      )}
    </section>
  );
}
