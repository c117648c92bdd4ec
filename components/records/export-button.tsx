"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { DownloadIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { AppError } from "@/lib/errors";

/** The file name a Content-Disposition header gives, its UTF-8 form first (档案目录-….xlsx). */
export function attachmentName(header: string | null, fallback: string): string {
  const encoded = header?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // A malformed name is not worth failing a download over.
    }
  }
  return header?.match(/filename="([^"]+)"/i)?.[1] ?? fallback;
}

/**
 * Downloads the list as a workbook, and says in words why when the server refuses. A plain download link
 * cannot: a refused export (more rows than the cap, where the page could only estimate the total; a
 * session that ended) became a failed download with no reason given.
 */
export function ExportButton({ href, tooLarge, hint }: { href: string; tooLarge: boolean; hint: string }) {
  const t = useTranslations();
  const format = useFormatter();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function download() {
    setPending(true);
    setProblem(null);
    try {
      const response = await fetch(href, { headers: { accept: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/json" } });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: AppError } | null;
        const params = Object.fromEntries(Object.entries(body?.error?.params ?? {}).map(([k, v]) => [k, typeof v === "number" ? format.number(v) : v]));
        setProblem(body?.error ? t(body.error.code, params) : t("records-ui.export.failed", { status: response.status }));
        return;
      }
      const url = URL.createObjectURL(await response.blob());
      const link = Object.assign(document.createElement("a"), { href: url, download: attachmentName(response.headers.get("content-disposition"), "catalogue.xlsx") });
      link.click();
      // The click has handed the blob to the browser's download; the URL is not needed after this turn.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch {
      setProblem(t("records-ui.export.failed", { status: 0 }));
    } finally {
      setPending(false);
    }
  }

  const note = tooLarge ? hint : problem;
  return (
    <span className="flex items-center gap-2">
      {note && (
        <span id="export-note" role={problem ? "alert" : undefined} className={problem ? "text-destructive text-xs" : "text-muted-foreground text-xs"} data-testid="export-note">
          {note}
        </span>
      )}
      <Button variant="outline" size="sm" disabled={tooLarge || pending} aria-describedby={note ? "export-note" : undefined} onClick={download} data-testid="export-records">
        <DownloadIcon aria-hidden />
        {pending ? t("records-ui.export.preparing") : t("records-ui.export.button")}
      </Button>
    </span>
  );
}
