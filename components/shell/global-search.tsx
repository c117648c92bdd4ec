"use client";

import Form from "next/form";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import { SearchIcon } from "lucide-react";
import { Input } from "@/components/ui/input";

/** Focus keys that must not steal a "/" typed into a field. */
const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));

/**
 * The archive's search box on every page, as in any product people search all day: it opens the records
 * list of the current fonds with the words (a plain GET form, so it works before JavaScript loads), and
 * "/" jumps to it. The records page has its own box with the filters, so this one steps aside there.
 */
export function GlobalSearch() {
  const t = useTranslations("common.globalSearch");
  const pathname = usePathname();
  const input = useRef<HTMLInputElement>(null);
  const hidden = pathname === "/records";

  useEffect(() => {
    if (hidden) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault();
      input.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [hidden]);

  if (hidden) return null;
  return (
    <Form action="/records" role="search" aria-label={t("region")} className="relative hidden w-full max-w-sm lg:block">
      <SearchIcon className="text-muted-foreground pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2" aria-hidden />
      <Input ref={input} type="search" name="q" required maxLength={200} aria-label={t("label")} placeholder={t("placeholder")} className="h-9 pr-8 pl-8" />
      <kbd className="text-muted-foreground pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 rounded border px-1.5 font-mono text-[11px]" aria-hidden>
        /
      </kbd>
    </Form>
  );
}
