"use client";

import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useTransition } from "react";
import { BellIcon, CheckCheckIcon } from "lucide-react";
import { markAllNotificationsReadAction, markNotificationReadAction } from "@/app/_server/notification-actions";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

export interface NotificationItem {
  id: string;
  kind: string;
  params: Record<string, string | number>;
  link: string | null;
  createdAt: Date;
}

export function NotificationsMenu({ items }: { items: NotificationItem[] }) {
  const t = useTranslations();
  const format = useFormatter();
  const [pending, start] = useTransition();
  const count = items.length;
  const label = count ? t("notifications.unread", { count }) : t("notifications.none");
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" className="relative" aria-label={label} data-testid="notifications-bell">
          <BellIcon aria-hidden />
          {count > 0 && (
            <span className="bg-destructive absolute top-1 right-1 flex min-w-4 items-center justify-center rounded-full px-1 text-[10px] leading-4 font-semibold text-white" aria-hidden>
              {count > 9 ? "9+" : count}
            </span>
          )}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-80">
        <DropdownMenuLabel className="flex items-center justify-between">
          <span>{t("notifications.title")}</span>
          {count > 0 && (
            <Button variant="ghost" size="sm" className="h-7 text-xs" disabled={pending} onClick={() => start(() => markAllNotificationsReadAction())}>
              <CheckCheckIcon aria-hidden />
              {t("notifications.markAll")}
            </Button>
          )}
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        {count === 0 ? (
          <p className="text-muted-foreground px-2 py-6 text-center text-sm">{t("notifications.empty")}</p>
        ) : (
          items.map((n) => (
            <DropdownMenuItem key={n.id} asChild>
              <Link href={n.link ?? "/"} onClick={() => start(() => markNotificationReadAction(n.id))} className="grid gap-0.5">
                {/* Storage keys and digests have no break points: let them wrap rather than spill out of the menu. */}
                <span className="text-sm leading-snug whitespace-normal [overflow-wrap:anywhere]">{t(n.kind, n.params)}</span>
                <span className="text-muted-foreground text-xs">{format.dateTime(n.createdAt, { dateStyle: "medium", timeStyle: "short" })}</span>
              </Link>
            </DropdownMenuItem>
          ))
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
