"use client";

import { useLocale, useTranslations } from "next-intl";
import { useTransition } from "react";
import { Building2Icon, ChevronsUpDownIcon } from "lucide-react";
import { setFondsAction } from "@/app/_server/preferences-actions";
import type { FondsOption } from "@/app/_server/context";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

export function FondsSwitcher({ options, current }: { options: FondsOption[]; current: FondsOption | null }) {
  const t = useTranslations("common");
  const locale = useLocale();
  const [pending, start] = useTransition();
  const name = (f: FondsOption) => (locale === "en" && f.nameEn ? f.nameEn : f.name);
  if (!current) return <span className="text-muted-foreground text-sm">{t("noFonds")}</span>;
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" className="h-9 max-w-[26rem] justify-between gap-3" disabled={pending} aria-label={t("currentFonds")}>
          <Building2Icon className="text-primary" />
          <span className="text-muted-foreground font-mono text-xs">{current.code}</span>
          <span className="truncate">{name(current)}</span>
          <ChevronsUpDownIcon className="text-muted-foreground" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-80">
        <DropdownMenuLabel className="text-muted-foreground text-xs">{t("currentFonds")}</DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuRadioGroup value={current.id} onValueChange={(id) => start(() => setFondsAction(id))}>
          {options.map((f) => (
            <DropdownMenuRadioItem key={f.id} value={f.id}>
              <span className="text-muted-foreground w-12 font-mono text-xs">{f.code}</span>
              <span className="truncate">{name(f)}</span>
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
