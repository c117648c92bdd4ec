"use client";

import { useEffect, useRef, useState } from "react";

/**
 * The table's horizontal scroller. When the table is wider than its container (a tablet, a long code), the
 * container takes keyboard focus so it can be scrolled without a mouse (WCAG 2.1.1; axe's
 * scrollable-region-focusable); a table that fits adds no tab stop.
 */
export function TableContainer({ label, children }: { label?: string; children: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);
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
