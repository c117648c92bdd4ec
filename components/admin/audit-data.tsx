"use client";

import { useRef } from "react";
import { useOverflows } from "@/components/ui/use-overflows";

/** One value of an audit entry's data: text and numbers as they are, anything nested as compact JSON. */
function show(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/**
 * An audit entry's data as the auditor reads it: one line per field (the names are the trail's own, as
 * stored and hashed), nested values as compact JSON. Scrolls past a few lines and is then reachable
 * from the keyboard.
 */
export function AuditData({ data, label }: { data: Record<string, unknown>; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const scrolls = useOverflows(ref);
  const entries = Object.entries(data);
  if (entries.length === 0) return <span className="text-muted-foreground">—</span>;
  return (
    // The scroller wraps the list: a role on the <dl> itself would take away its list semantics.
    <div
      ref={ref}
      className="bg-muted focus-visible:ring-ring max-h-28 overflow-auto rounded px-2 py-1 outline-none focus-visible:ring-2"
      {...(scrolls ? { tabIndex: 0, role: "region", "aria-label": label } : {})}
    >
      <dl className="grid grid-cols-[auto_1fr] gap-x-2 font-mono text-[11px]">
        {entries.map(([key, value]) => (
          <div key={key} className="contents">
            <dt className="text-muted-foreground">{key}</dt>
            <dd className="break-all whitespace-pre-wrap">{show(value)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
