"use client";

import { useRef } from "react";
import { useOverflows } from "./use-overflows";

/**
 * The table's horizontal scroller. When the table is wider than its container (a tablet, a long code), the
 * container takes keyboard focus so it can be scrolled without a mouse; a table that fits adds no tab stop.
 */
export function TableContainer({ label, children }: { label?: string; children: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const scrolls = useOverflows(ref);
  return (
    <div
      ref={ref}
      data-slot="table-container"
      className="focus-visible:ring-ring relative w-full overflow-x-auto rounded-sm outline-none focus-visible:ring-2"
      // Named after its table when it has a name, so a screen reader says what the focused scroller holds.
      {...(scrolls ? { tabIndex: 0, ...(label ? { role: "region", "aria-label": label } : {}) } : {})}
    >
      {children}
    </div>
  );
}
