import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import type { UserGrant } from "@/lib/auth/list-users";
import { isAdminRole } from "@/lib/auth/roles";

/** A user's roles, each with the fonds it holds in (三员 are installation-wide). */
export async function RoleBadges({ grants }: { grants: UserGrant[] }) {
  const t = await getTranslations();
  if (grants.length === 0) return <span className="text-muted-foreground text-xs">{t("admin.users.noRoles")}</span>;
  return (
    <div className="flex flex-wrap gap-1">
      {grants.map((g) => (
        <Badge key={`${g.role}-${g.fondsId}`} variant={isAdminRole(g.role) ? "default" : "secondary"}>
          {t(`common.roles.${g.role}`)}
          {g.fondsCode && <span className="font-mono opacity-70">· {g.fondsCode}</span>}
        </Badge>
      ))}
    </div>
  );
}
