import Link from "next/link";
import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ArrowRightIcon, Building2Icon, type LucideIcon, PlugIcon, ScrollTextIcon, ShieldIcon, UsersIcon, WorkflowIcon } from "lucide-react";
import { requireServiceContext } from "@/app/_server/context";
import { PageHeader } from "@/components/admin/page-header";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { type AdminSection, adminSectionsFor } from "@/lib/admin/sections";
import { pageTitle } from "@/app/_server/page-title";

const ICONS: Record<AdminSection["key"], LucideIcon> = { users: UsersIcon, roles: ShieldIcon, fonds: Building2Icon, connectors: PlugIcon, oa: WorkflowIcon, audit: ScrollTextIcon };

export const generateMetadata = pageTitle("admin.title");

export default async function AdminPage() {
  const ctx = await requireServiceContext();
  const sections = adminSectionsFor(ctx.actor);
  if (sections.length === 0) forbidden();
  const t = await getTranslations("admin");
  return (
    <div className="mx-auto grid max-w-6xl grid-cols-1 gap-8">
      <PageHeader title={t("title")} description={t("subtitle")} />
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {sections.map((s) => {
          const Icon = ICONS[s.key];
          return (
            <Link key={s.key} href={s.href} className="group rounded-xl outline-none focus-visible:ring-2 focus-visible:ring-ring">
              <Card className="h-full transition-shadow group-hover:shadow-md">
                <CardHeader>
                  <div className="bg-primary/10 text-primary mb-2 flex size-10 items-center justify-center rounded-lg">
                    <Icon className="size-5" aria-hidden />
                  </div>
                  <CardTitle className="flex items-center justify-between">
                    {t(`sections.${s.key}.title`)}
                    <ArrowRightIcon className="text-muted-foreground size-4 transition-transform group-hover:translate-x-0.5" aria-hidden />
                  </CardTitle>
                  <CardDescription>{t(`sections.${s.key}.description`)}</CardDescription>
                </CardHeader>
              </Card>
            </Link>
          );
        })}
      </div>
    </div>
  );
}
