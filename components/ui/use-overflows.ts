"use client";

import { type RefObject, useEffect, useState } from "react";

/**
 * Whether the element's content is larger than its box, re-measured as either resizes. A region that
 * scrolls must take keyboard focus so it can be scrolled without a mouse (WCAG 2.1.1; axe's
 * scrollable-region-focusable); one that fits should add no tab stop.
 */
export function useOverflows(ref: RefObject<HTMLElement | null>): boolean {
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setOverflows(el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, [ref]);
  return overflows;
}
