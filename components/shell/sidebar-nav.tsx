"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import {
  ArchiveIcon,
  BarChart3Icon,
  BellRingIcon,
  CheckSquareIcon,
  FolderInputIcon,
  HomeIcon,
  type LucideIcon,
  SettingsIcon,
  StampIcon,
} from "lucide-react";
import type { NavItem } from "@/lib/auth/navigation";
import { cn } from "@/lib/utils";

const ICONS: Record<NavItem["key"], LucideIcon> = {
  home: HomeIcon,
  records: ArchiveIcon,
  imports: FolderInputIcon,
  filing: StampIcon,
  approvals: CheckSquareIcon,
  stats: BarChart3Icon,
  alerts: BellRingIcon,
  admin: SettingsIcon,
};

export function SidebarNav({ items }: { items: Pick<NavItem, "key" | "href">[] }) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  return (
    <nav aria-label={t("sections.archive")} className="grid gap-1">
      {items.map((item) => {
        const Icon = ICONS[item.key];
        const active = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
        return (
          <Link
            key={item.key}
            href={item.href}
            aria-current={active ? "page" : undefined}
            // Icons only below 1024px: the tooltip and the screen-reader text keep each link's name.
            title={t(item.key)}
            className={cn(
              "flex h-10 items-center gap-3 rounded-md px-3 text-sm transition-colors outline-none focus-visible:ring-2 focus-visible:ring-white/40",
              active
                ? "bg-sidebar-accent text-sidebar-accent-foreground font-medium"
                : "text-sidebar-foreground/85 hover:bg-sidebar-accent/60 hover:text-sidebar-accent-foreground",
            )}
          >
            <Icon className="size-[18px] shrink-0" aria-hidden />
            <span className="sr-only lg:not-sr-only">{t(item.key)}</span>
          </Link>
        );
      })}
    </nav>
  );
}
