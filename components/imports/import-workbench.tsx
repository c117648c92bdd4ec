"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { AlertCircleIcon, FileSearchIcon, InfoIcon, PlayIcon, SaveIcon } from "lucide-react";
import { saveConnectorFormatAction } from "@/app/(app)/imports/actions";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import type { AppError } from "@/lib/errors";
import { importResultPath } from "@/lib/erp/import/result-path";
import type { FilePreview } from "@/lib/erp/preview/preview-file";
import { ApiError, type WordedError, importKeys, previewFile, uploadImport } from "./api";
import { FileDrop } from "./file-drop";
import { type FormatOption, formatName } from "./format-options";
import { ImportHistory } from "./import-history";
import { ImportResult } from "./import-result";
import { type EditableMapping, MappingEditor, toEditable } from "./mapping-editor";
import { PreviewTable } from "./preview-table";

export interface ConnectorOption {
  id: string;
  name: string;
  sourceSystem: string;
  formatId: string | null;
  mapping: Record<string, unknown> | null;
  /** A deactivated connector is listed for its import history only. */
  isActive: boolean;
}

/** A delimited text file is previewed from its start; containers (XLSX, ZIP) and documents need all of it. */
const PREVIEW_HEAD_BYTES = 512 * 1024;
const previewBytes = (file: File) => (/\.(csv|tsv|txt)$/i.test(file.name) && file.size > PREVIEW_HEAD_BYTES ? file.slice(0, PREVIEW_HEAD_BYTES) : file);

const worded = (e: unknown): WordedError => (e instanceof ApiError ? e.error : { code: "imports-ui.network" });

/** Keeps the open import in the address bar, so the result can be bookmarked, shared or reloaded. */
function showInUrl(connectorId: string, importId: string | null) {
  window.history.replaceState(null, "", importResultPath(connectorId, importId));
}

export function ImportWorkbench({
  connectors,
  formats,
  canSaveFormat,
  opened,
}: {
  connectors: ConnectorOption[];
  formats: FormatOption[];
  canSaveFormat: boolean;
  /** The connector and import the address names, if any. */
  opened?: { connectorId: string; importId: string | null };
}) {
  const t = useTranslations();
  const locale = useLocale();
  const queryClient = useQueryClient();
  // Active connectors come first (importConnectors), so a deactivated one is preselected only when no other is left.
  const [connectorId, setConnectorId] = useState(opened?.connectorId ?? connectors[0]?.id ?? "");
  const connector = connectors.find((c) => c.id === connectorId);
  const [file, setFile] = useState<File | null>(null);
  const [formatChoice, setFormatChoice] = useState("");
  const [mapping, setMapping] = useState<EditableMapping>(() => toEditable(connector?.mapping));
  const [importId, setImportId] = useState<string | null>(opened?.importId ?? null);
  const [saveError, setSaveError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(false);
  const [saving, startSaving] = useTransition();

  const preview = useMutation({
    mutationFn: (args: { file: File; formatId: string; mapping?: EditableMapping }) => {
      const form = new FormData();
      form.set("file", previewBytes(args.file), args.file.name);
      form.set("fileName", args.file.name);
      form.set("connectorId", connectorId);
      if (args.formatId) form.set("formatId", args.formatId);
      if (args.formatId === "custom" && args.mapping) form.set("mapping", JSON.stringify(args.mapping));
      return previewFile(form);
    },
    onSuccess: (p, args) => {
      if (args.formatId === "custom" && !args.mapping && p.proposedMapping) setMapping(toEditable(p.proposedMapping));
    },
  });

  const start = useMutation({
    mutationFn: (f: File) => uploadImport(connectorId, f, formatChoice ? { formatId: formatChoice, ...(formatChoice === "custom" ? { mapping } : {}) } : undefined),
    onSuccess: ({ id }) => {
      setImportId(id);
      showInUrl(connectorId, id);
      void queryClient.invalidateQueries({ queryKey: importKeys.history(connectorId) });
    },
  });

  const choose = (f: File) => {
    setFile(f);
    setImportId(null);
    showInUrl(connectorId, null);
    start.reset();
    preview.mutate({ file: f, formatId: formatChoice, mapping: formatChoice === "custom" ? mapping : undefined });
  };
  const changeFormat = (formatId: string) => {
    setFormatChoice(formatId);
    setSaved(false);
    if (file) preview.mutate({ file, formatId, mapping: formatId === "custom" && Object.keys(mapping.columns).length > 0 ? mapping : undefined });
  };
  const saveFormat = () =>
    startSaving(async () => {
      const r = await saveConnectorFormatAction({ connectorId, formatId: formatChoice || null, mapping: formatChoice === "custom" ? mapping : undefined });
      setSaveError(r.error);
      setSaved(!r.error);
    });

  const noConnector = (
    <Alert variant="warning">
      <AlertCircleIcon />
      <AlertTitle>{t(connectors.length === 0 ? "imports-ui.noConnector.title" : "imports-ui.noConnector.inactiveTitle")}</AlertTitle>
      <AlertDescription>{t(connectors.length === 0 ? "imports-ui.noConnector.body" : "imports-ui.noConnector.inactiveBody")}</AlertDescription>
    </Alert>
  );
  if (connectors.length === 0) return noConnector;

  const p: FilePreview | undefined = preview.data;
  // A file too large to preview (a ZIP package of scanned originals) is imported without one, as the
  // refusal itself tells the archivist to do: the import lists every problem the preview would have shown.
  const tooLargeToPreview = preview.isError && worded(preview.error).code === "imports-ui.preview_too_large";
  const savedChoice = connector?.formatId ?? "";
  const unsavedChoice = formatChoice !== "" && formatChoice !== savedChoice && !saved;
  const detectedName = formatName(formats, p?.detection.formatId, locale);
  const reasonParams = p ? { ...p.detection.reasonParams, format: formatName(formats, String(p.detection.reasonParams.format ?? ""), locale) ?? "" } : {};

  return (
    <div className="grid grid-cols-1 gap-6">
      {!connectors.some((c) => c.isActive) && noConnector}
      <Card>
        <CardHeader>
          <CardTitle>{t("imports-ui.step1.title")}</CardTitle>
          <CardDescription>{t("imports-ui.step1.description")}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <div className="grid max-w-xl gap-1.5">
            <Label htmlFor="connector">{t("imports-ui.connector")}</Label>
            <NativeSelect
              id="connector"
              value={connectorId}
              onChange={(e) => {
                setConnectorId(e.target.value);
                setImportId(null);
                showInUrl(e.target.value, null);
                setFormatChoice("");
                setMapping(toEditable(connectors.find((c) => c.id === e.target.value)?.mapping));
                preview.reset();
                setFile(null);
              }}
            >
              {connectors.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.isActive
                    ? t("imports-ui.connectorOption", { name: c.name, format: formatName(formats, c.formatId, locale) ?? t("imports-ui.autoDetect") })
                    : t("imports-ui.connectorDeactivated", { name: c.name })}
                </option>
              ))}
            </NativeSelect>
          </div>
          {connector?.isActive === false ? (
            <Alert role="status">
              <InfoIcon />
              <AlertDescription>{t("imports-ui.deactivatedNote", { name: connector.name })}</AlertDescription>
            </Alert>
          ) : (
            <FileDrop onFile={choose} disabled={start.isPending} fileName={file?.name} />
          )}
        </CardContent>
      </Card>

      {(preview.isPending || preview.isError || p) && (
        <Card>
          <CardHeader>
            <CardTitle>{t("imports-ui.step2.title")}</CardTitle>
            <CardDescription>{t("imports-ui.step2.description")}</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-5">
            {preview.isPending && (
              <p className="text-muted-foreground flex items-center gap-2 text-sm">
                <FileSearchIcon className="size-4 animate-pulse" aria-hidden />
                {t("imports-ui.step2.reading")}
              </p>
            )}
            {/* Too large to preview is advice, not a failure: the import can start without a preview. */}
            {tooLargeToPreview && (
              <Alert role="status">
                <InfoIcon />
                <AlertDescription>{t(worded(preview.error).code, worded(preview.error).params)}</AlertDescription>
              </Alert>
            )}
            {preview.isError && !tooLargeToPreview && (
              <Alert variant="destructive">
                <AlertCircleIcon />
                <AlertDescription>{t(worded(preview.error).code, worded(preview.error).params)}</AlertDescription>
              </Alert>
            )}
            {p && (
              <>
                <div className="grid gap-4 lg:grid-cols-[1fr_20rem]">
                  <div className="grid content-start gap-2" data-testid="detection">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="text-muted-foreground text-sm">{t("imports-ui.detected")}</span>
                      {detectedName ? <Badge className="text-sm">{detectedName}</Badge> : <Badge variant="warning">{t("imports-ui.unknownFormat")}</Badge>}
                      <Badge variant="outline">{t(`imports-ui.containers.${p.detection.container}`)}</Badge>
                      {(p.detection.container === "delimited" || p.detection.container === "jsonl") && <Badge variant="outline">{t(p.detection.encodingDecidedLater ? "imports-ui.encodings.asciiSoFar" : `imports-ui.encodings.${p.detection.encoding}`)}</Badge>}
                    </div>
                    <p className="text-sm">{t(p.detection.reason, reasonParams)}</p>
                    {p.package && (
                      <p className="text-muted-foreground text-sm" data-testid="package-summary">
                        {t("imports-ui.package", { file: p.package.voucherFile ?? "—", attachments: p.package.attachments, invoices: p.package.invoices, unassigned: p.package.unassigned.length })}
                      </p>
                    )}
                  </div>
                  <div className="grid content-start gap-1.5">
                    <Label htmlFor="format">{t("imports-ui.format")}</Label>
                    <NativeSelect id="format" value={formatChoice} onChange={(e) => changeFormat(e.target.value)} disabled={preview.isPending}>
                      <option value="">{savedChoice ? t("imports-ui.connectorFormat", { format: formatName(formats, savedChoice, locale) ?? "" }) : t("imports-ui.autoDetect")}</option>
                      {formats.map((f) => (
                        <option key={f.id} value={f.id}>
                          {f.label[locale === "en" ? "en" : "zh-CN"]}
                        </option>
                      ))}
                    </NativeSelect>
                  </div>
                </div>

                {formatChoice === "custom" && p.detection.headerCells && (
                  <div className="bg-muted/30 grid gap-4 rounded-lg border p-4">
                    <MappingEditor headers={p.detection.headerCells} value={mapping} onChange={setMapping} disabled={preview.isPending} />
                    <div>
                      <Button type="button" variant="secondary" onClick={() => file && preview.mutate({ file, formatId: "custom", mapping })} disabled={!file || preview.isPending}>
                        <FileSearchIcon aria-hidden />
                        {t("imports-ui.mapping.apply")}
                      </Button>
                    </div>
                  </div>
                )}

                {unsavedChoice && (
                  <Alert variant="warning">
                    <AlertCircleIcon />
                    <AlertDescription>
                      <p>{canSaveFormat ? t("imports-ui.save.hint") : t("imports-ui.save.askAdmin")}</p>
                      {canSaveFormat && (
                        <Button type="button" size="sm" onClick={saveFormat} disabled={saving}>
                          <SaveIcon aria-hidden />
                          {t("imports-ui.save.button")}
                        </Button>
                      )}
                    </AlertDescription>
                  </Alert>
                )}
                {saveError && (
                  <Alert variant="destructive">
                    <AlertCircleIcon />
                    <AlertDescription>{t(saveError.code, saveError.params)}</AlertDescription>
                  </Alert>
                )}
                {saved && <p className="text-success text-sm">{t("imports-ui.save.saved")}</p>}

                {p.rows.length > 0 ? (
                  <div className="grid gap-2">
                    <h3 className="text-sm font-medium">{t("imports-ui.preview.heading", { count: p.rows.length })}</h3>
                    <div className="rounded-lg border">
                      <PreviewTable rows={p.rows} />
                    </div>
                  </div>
                ) : (
                  p.leftOut === 0 && <p className="text-muted-foreground text-sm">{t("imports-ui.preview.none")}</p>
                )}
                {p.leftOut > 0 && (
                  <p className="text-muted-foreground text-sm" data-testid="preview-left-out">
                    {t("imports-ui.preview.leftOut", { count: p.leftOut })}
                  </p>
                )}
                {p.problems.length > 0 && (
                  <Alert variant="warning">
                    <AlertCircleIcon />
                    <AlertTitle>{t("imports-ui.preview.problems", { count: p.problems.length })}</AlertTitle>
                    <AlertDescription>
                      <ul className="list-disc pl-4">
                        {p.problems.slice(0, 10).map((x, i) => (
                          <li key={i}>{t(x.code, x.params)}</li>
                        ))}
                      </ul>
                    </AlertDescription>
                  </Alert>
                )}
              </>
            )}
          </CardContent>
        </Card>
      )}

      {((file && (p || tooLargeToPreview)) || importId) && (
        <Card>
          <CardHeader>
            <CardTitle>{t("imports-ui.step3.title")}</CardTitle>
            <CardDescription>{t("imports-ui.step3.description")}</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-5">
            {!importId && file && (
              <div className="flex flex-wrap items-center gap-3">
                <Button type="button" size="lg" onClick={() => start.mutate(file)} disabled={start.isPending}>
                  <PlayIcon aria-hidden />
                  {start.isPending ? t("imports-ui.step3.uploading") : t("imports-ui.step3.start")}
                </Button>
                <span className="text-muted-foreground text-sm">{t("imports-ui.step3.note")}</span>
              </div>
            )}
            {start.isError && (
              <Alert variant="destructive">
                <AlertCircleIcon />
                <AlertDescription>{t(worded(start.error).code, worded(start.error).params)}</AlertDescription>
              </Alert>
            )}
            {importId && <ImportResult connectorId={connectorId} importId={importId} onFinished={() => void queryClient.invalidateQueries({ queryKey: importKeys.history(connectorId) })} />}
          </CardContent>
        </Card>
      )}

      <Card className="gap-0 pb-0">
        <CardHeader className="pb-4">
          <CardTitle>{t("imports-ui.history.title")}</CardTitle>
          <CardDescription>{t("imports-ui.history.description", { connector: connector?.name ?? "" })}</CardDescription>
        </CardHeader>
        <div className="border-t">
          <ImportHistory
            connectorId={connectorId}
            openId={importId}
            onOpen={(id) => {
              setImportId(id);
              showInUrl(connectorId, id);
              window.scrollTo({ top: 0, behavior: "smooth" });
            }}
          />
        </div>
      </Card>
    </div>
  );
}
