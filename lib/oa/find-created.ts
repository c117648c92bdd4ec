import { ok, type Result } from "@/lib/errors";
import type { LookupStep, OutboundApproval, OutboundRequest } from "./types";

/**
 * A lookup for OAs that list instance ids by time and show one instance at a time (DingTalk, WeCom):
 * each page of ids, then each instance's form until one carries Acta's marker, then the next page.
 */
export function listThenMatch<Cursor>(steps: {
  page(cursor: Cursor | undefined): OutboundRequest;
  readPage(status: number, body: string): Result<{ ids: string[]; next?: Cursor }>;
  detail(id: string): OutboundRequest;
  /** Whether the instance's form carries this approval's marker (see carriesApproval). */
  readDetail(status: number, body: string): Result<boolean>;
}): LookupStep {
  const pageStep = (cursor: Cursor | undefined): LookupStep => ({
    done: false,
    request: steps.page(cursor),
    read(status, body) {
      const page = steps.readPage(status, body);
      return page.ok ? ok(detailStep(page.value.ids, page.value.next)) : page;
    },
  });
  const detailStep = (ids: string[], next: Cursor | undefined): LookupStep => {
    const [id, ...rest] = ids;
    if (id === undefined) return next === undefined ? { done: true, externalId: null } : pageStep(next);
    return {
      done: false,
      request: steps.detail(id),
      read(status, body) {
        const matched = steps.readDetail(status, body);
        return matched.ok ? ok(matched.value ? { done: true, externalId: id } : detailStep(rest, next)) : matched;
      },
    };
  };
  return pageStep(undefined);
}

/**
 * Acta's marker in an OA form: every create fills the detail-link field with /embed/approvals/{id}.
 * The id alone is matched, so a changed public URL of Acta still recognises its earlier instance.
 */
export function carriesApproval(linkValue: unknown, request: OutboundApproval): boolean {
  return typeof linkValue === "string" && linkValue.includes(request.approvalId);
}
