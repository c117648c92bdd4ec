"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { KeyRoundIcon, LogOutIcon } from "lucide-react";
import { signOutAction } from "@/app/_server/preferences-actions";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

export function UserMenu({ displayName, username, roles }: { displayName: string; username: string; roles: string[] }) {
  const t = useTranslations("common");
  const tAccount = useTranslations("account");
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" className="h-9 gap-2 px-2" aria-label={displayName} data-testid="user-menu">
          <span className="bg-primary/10 text-primary flex size-7 items-center justify-center rounded-full text-xs font-semibold">
            {displayName.slice(0, 1)}
          </span>
          <span className="hidden text-sm sm:inline">{displayName}</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-60">
        <DropdownMenuLabel>
          <div className="font-medium">{displayName}</div>
          <div className="text-muted-foreground text-xs font-normal">@{username}</div>
          <div className="mt-2 flex flex-wrap gap-1">
            {roles.map((r) => (
              <span key={r} className="bg-secondary rounded px-1.5 py-0.5 text-[11px] font-normal">
                {t(`roles.${r}`)}
              </span>
            ))}
          </div>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/account">
            <KeyRoundIcon />
            {tAccount("menu")}
          </Link>
        </DropdownMenuItem>
        <form action={signOutAction}>
          <DropdownMenuItem asChild>
            <button type="submit" className="w-full">
              <LogOutIcon />
              {t("signOut")}
            </button>
          </DropdownMenuItem>
        </form>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
