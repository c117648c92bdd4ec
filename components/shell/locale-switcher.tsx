"use client";

import { useLocale, useTranslations } from "next-intl";
import { useTransition } from "react";
import { LanguagesIcon } from "lucide-react";
import { setLocaleAction } from "@/app/_server/preferences-actions";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { LOCALES } from "@/lib/i18n/config";

export function LocaleSwitcher() {
  const t = useTranslations("common");
  const locale = useLocale();
  const [pending, start] = useTransition();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        {/* The name carries the visible language too (WCAG 2.5.3, label in name): "语言：简体中文". */}
        <Button variant="ghost" size="sm" aria-label={t("languageButton", { language: t(`languages.${locale}`) })} disabled={pending}>
          <LanguagesIcon />
          <span>{t(`languages.${locale}`)}</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuRadioGroup value={locale} onValueChange={(value) => start(() => setLocaleAction(value))}>
          {LOCALES.map((l) => (
            <DropdownMenuRadioItem key={l} value={l}>
              {t(`languages.${l}`)}
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
