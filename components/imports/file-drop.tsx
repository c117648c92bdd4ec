"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { FileUpIcon } from "lucide-react";
import { cn } from "@/lib/utils";

/** Drop a file, or click (or press Enter) to choose one; both end in `onFile`. */
export function FileDrop({ onFile, disabled, fileName }: { onFile: (file: File) => void; disabled?: boolean; fileName?: string }) {
  const t = useTranslations("imports-ui.drop");
  const id = useId();
  const [over, setOver] = useState(false);
  return (
    <label
      htmlFor={id}
      data-testid="file-drop"
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const file = e.dataTransfer.files[0];
        if (file && !disabled) onFile(file);
      }}
      className={cn(
        "border-input bg-card hover:border-primary/60 hover:bg-primary/5 flex cursor-pointer flex-col items-center justify-center gap-2 rounded-xl border-2 border-dashed px-6 py-10 text-center transition-colors",
        "has-[input:focus-visible]:ring-ring/50 has-[input:focus-visible]:ring-[3px]",
        over && "border-primary bg-primary/10",
        disabled && "pointer-events-none opacity-60",
      )}
    >
      <div className="bg-primary/10 text-primary flex size-12 items-center justify-center rounded-full">
        <FileUpIcon className="size-6" aria-hidden />
      </div>
      <div className="font-medium">{fileName ? t("chosen", { name: fileName }) : t("title")}</div>
      <div className="text-muted-foreground max-w-xl text-sm">{t("hint")}</div>
      <input
        id={id}
        type="file"
        className="sr-only"
        aria-label={t("choose")}
        accept=".csv,.tsv,.txt,.xlsx,.json,.jsonl,.xml,.zip"
        disabled={disabled}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = "";
        }}
      />
    </label>
  );
}
