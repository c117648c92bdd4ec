"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { DownloadIcon, EyeIcon, FileIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { PdfPreview } from "./pdf-preview";

export interface FileEntry {
  recordId: string;
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
}

const PREVIEWABLE = new Set(["application/pdf", "image/png", "image/jpeg"]);

/** A record's files: PDFs and images previewed (watermarked) in place; every file downloadable. */
export function RecordFiles({ files }: { files: FileEntry[] }) {
  const t = useTranslations("records-ui");
  const [open, setOpen] = useState<string | null>(null);
  if (files.length === 0) return <p className="text-muted-foreground text-sm">{t("files.none")}</p>;
  const base = (f: FileEntry) => `/api/records/${f.recordId}/files/${f.id}`;
  return (
    <ul className="grid gap-3">
      {files.map((f) => (
        <li key={f.id} className="rounded-md border p-3">
          <div className="flex flex-wrap items-center gap-3">
            <FileIcon className="text-muted-foreground size-4 shrink-0" aria-hidden />
            <div className="min-w-0 flex-1">
              <div className="truncate text-sm font-medium">{f.fileName}</div>
              <div className="text-muted-foreground text-xs">
                {f.mediaType} · {t("files.size", { kb: Math.max(1, Math.round(f.size / 1024)) })}
              </div>
            </div>
            {PREVIEWABLE.has(f.mediaType) && (
              <Button variant="outline" size="sm" aria-expanded={open === f.id} onClick={() => setOpen(open === f.id ? null : f.id)}>
                <EyeIcon aria-hidden />
                {open === f.id ? t("files.hide") : t("files.preview")}
                <span className="sr-only">{f.fileName}</span>
              </Button>
            )}
            <Button variant="outline" size="sm" asChild>
              <a href={`${base(f)}/download`} download>
                <DownloadIcon aria-hidden />
                {t("files.download")}
                <span className="sr-only">{f.fileName}</span>
              </a>
            </Button>
          </div>
          {PREVIEWABLE.has(f.mediaType) && <p className="text-muted-foreground mt-2 text-xs">{t("files.watermarkNote")}</p>}
          {open === f.id && (
            <div className="mt-3">
              <PdfPreview url={`${base(f)}/preview`} title={f.fileName} />
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
