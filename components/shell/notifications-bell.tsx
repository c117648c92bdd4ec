import { getServiceContext } from "@/app/_server/context";
import { NotificationsMenu } from "@/components/shell/notifications-menu";
import { listNotifications } from "@/lib/approvals/list-notifications";

/** The header's bell: the signed-in user's unread in-app notifications, read once per page render. */
export async function NotificationsBell() {
  const ctx = await getServiceContext();
  if (!ctx) return null;
  const result = await listNotifications(ctx, { unreadOnly: true, limit: 20 });
  return <NotificationsMenu items={result.ok ? result.value : []} />;
}
