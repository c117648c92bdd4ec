"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";

const MAX_PAGES = 20;

/**
 * Renders a watermarked PDF rendition page by page onto canvases with pdf.js, so PDFs and images look
 * the same in every browser and no plug-in ever sees the bytes. The worker comes from /api/pdf-worker.
 */
export function PdfPreview({ url, title }: { url: string; title: string }) {
  const t = useTranslations("records-ui");
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ status: "loading" | "ready" | "error"; pages: number }>({ status: "loading", pages: 0 });

  useEffect(() => {
    let cancelled = false;
    const target = container.current;
    (async () => {
      const pdfjs = await import("pdfjs-dist");
      pdfjs.GlobalWorkerOptions.workerSrc = "/api/pdf-worker";
      const doc = await pdfjs.getDocument({ url, withCredentials: true, isEvalSupported: false }).promise;
      if (cancelled || !target) return;
      target.replaceChildren();
      const count = Math.min(doc.numPages, MAX_PAGES);
      for (let n = 1; n <= count; n++) {
        const page = await doc.getPage(n);
        const width = Math.min(target.clientWidth || 800, 1000);
        const viewport = page.getViewport({ scale: width / page.getViewport({ scale: 1 }).width });
        const canvas = document.createElement("canvas");
        const ratio = window.devicePixelRatio || 1;
        canvas.width = Math.floor(viewport.width * ratio);
        canvas.height = Math.floor(viewport.height * ratio);
        canvas.style.width = `${Math.floor(viewport.width)}px`;
        canvas.className = "mx-auto mb-3 rounded border bg-white shadow-sm";
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-label", t("preview.page", { title, page: n, pages: doc.numPages }));
        if (cancelled) return;
        target.appendChild(canvas);
        await page.render({ canvas, canvasContext: canvas.getContext("2d")!, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] }).promise;
      }
      if (!cancelled) setState({ status: "ready", pages: doc.numPages });
    })().catch(() => !cancelled && setState({ status: "error", pages: 0 }));
    return () => {
      cancelled = true;
    };
  }, [url, title, t]);

  return (
    <div className="grid gap-2" data-testid="pdf-preview" data-status={state.status}>
      {state.status === "loading" && <p className="text-muted-foreground text-sm">{t("preview.loading")}</p>}
      {state.status === "error" && (
        <p role="alert" className="text-destructive text-sm">
          {t("preview.failed")}
        </p>
      )}
      {state.status === "ready" && state.pages > MAX_PAGES && <p className="text-muted-foreground text-xs">{t("preview.truncated", { shown: MAX_PAGES, pages: state.pages })}</p>}
      <div ref={container} className="max-h-[70vh] overflow-auto rounded-md bg-muted/40 p-3" />
    </div>
  );
}
