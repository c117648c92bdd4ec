import { getTranslations } from "next-intl/server";
import { ArchiveIcon } from "lucide-react";
import { getAccessibleFonds, getCurrentFonds, requireServiceContext } from "@/app/_server/context";
import { FondsSwitcher } from "@/components/shell/fonds-switcher";
import { GlobalSearch } from "@/components/shell/global-search";
import { LocaleSwitcher } from "@/components/shell/locale-switcher";
import { NotificationsBell } from "@/components/shell/notifications-bell";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import { UserMenu } from "@/components/shell/user-menu";
import { navigationFor } from "@/lib/auth/navigation";
import { can } from "@/lib/auth/permissions";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  // The account page must render inside the shell while a password awaits replacing; the pages check for themselves.
  const { actor } = await requireServiceContext({ passwordChange: true });
  const [fondsOptions, current, t] = await Promise.all([getAccessibleFonds(), getCurrentFonds(), getTranslations("common")]);
  // Nowhere to go until the user has chosen their own password.
  const items = actor.mustChangePassword ? [] : navigationFor(actor).map(({ key, href }) => ({ key, href }));
  const roles = [...new Set(actor.grants.map((g) => g.role))];
  return (
    <div className="flex min-h-screen">
      <aside className="bg-sidebar text-sidebar-foreground sticky top-0 flex h-screen w-16 shrink-0 flex-col border-r border-sidebar-border lg:w-60">
        <div className="flex h-14 items-center gap-2.5 px-4 lg:px-5">
          <div className="bg-sidebar-accent flex size-8 shrink-0 items-center justify-center rounded-md">
            <ArchiveIcon className="size-4 text-white" aria-hidden />
          </div>
          <div className="hidden leading-tight lg:block">
            <div className="text-sm font-semibold text-white">Acta</div>
            <div className="text-sidebar-muted text-[11px]">{t("appName")}</div>
          </div>
        </div>
        <div className="flex-1 overflow-y-auto px-3 py-4">
          <SidebarNav items={items} />
        </div>
        <div className="text-sidebar-muted hidden px-5 py-4 text-[11px] lg:block">DA/T 94-2022 · DA/T 70-2018</div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="bg-card/80 sticky top-0 z-20 flex h-14 items-center gap-3 border-b px-4 backdrop-blur lg:px-6">
          <FondsSwitcher options={fondsOptions} current={current} />
          {current && !actor.mustChangePassword && can(actor, "catalog.read", current.id) && <GlobalSearch />}
          <div className="ml-auto flex items-center gap-1">
            <NotificationsBell />
            <LocaleSwitcher />
            <UserMenu displayName={actor.displayName} username={actor.username} roles={roles} />
          </div>
        </header>
        <main id="main" className="flex-1 px-4 py-6 lg:px-8">
          {children}
        </main>
      </div>
    </div>
  );
}
