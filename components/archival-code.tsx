import { Fragment } from "react";
import { cn } from "@/lib/utils";

/**
 * An archival code (档号) that may break after its separators (Z001-KU·PZ·2025·D30-<wbr>0001-<wbr>0001)
 * and nowhere else, so a table column holding codes stays narrow without splitting a number.
 */
export function ArchivalCode({ code, className }: { code: string; className?: string }) {
  const parts = code.split(/(?<=[-·.])/);
  return (
    <span className={cn("font-mono text-xs whitespace-normal", className)}>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </span>
  );
}
