import { approvalKindEnum, oaKindEnum } from "@/db/schema";
import type { OpenApiArea } from "../document";
import { searchFilters, searchPaging } from "./system";

const error = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
const connectorId = { name: "connectorId", in: "path", required: true, schema: { type: "string", format: "uuid" } };
/** The fields every generic event names its approval by. */
const eventTarget = {
  approvalId: { type: "string", format: "uuid", description: "Acta's approval id, as sent in approval.requested" },
  externalId: { type: "string", description: "The OA's own id, as answered to approval.requested" },
};
const signatureHeaders = [
  { name: "X-Acta-Timestamp", in: "header", required: true, description: "Send time in Unix seconds; refused outside ±5 minutes", schema: { type: "string", pattern: "^\\d{1,12}$" } },
  {
    name: "X-Acta-Signature",
    in: "header",
    required: true,
    description: 'sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>, over the exact bytes sent',
    schema: { type: "string", pattern: "^sha256=[0-9a-f]{64}$" },
  },
];

/** Acta's OA endpoints and the generic signed scheme (docs/oa-generic-scheme.md). */
export const oaArea: OpenApiArea = {
  tags: [{ name: "oa", description: "OA integration: signed approval callbacks, approved forms as source documents, embed launch links, search on behalf of OA users" }],
  schemas: {
    OaConnector: {
      type: "object",
      description: "Never a secret: secretHints shows each set secret masked",
      required: ["id", "fondsId", "kind", "name", "isActive"],
      properties: {
        id: { type: "string", format: "uuid" },
        fondsId: { type: "string", format: "uuid" },
        kind: { enum: oaKindEnum.enumValues },
        name: { type: "string" },
        baseUrl: { type: ["string", "null"], format: "uri" },
        config: { type: "object" },
        secretHints: { type: "object", additionalProperties: { type: "string" } },
        apiKeyPrefix: { type: ["string", "null"] },
        allowedOrigins: { type: "array", items: { type: "string" }, description: "Origins allowed to frame the embedded pages" },
        allowSsoProvisioning: { type: "boolean" },
        isActive: { type: "boolean" },
        createdAt: { type: "string", format: "date-time" },
        updatedAt: { type: "string", format: "date-time" },
      },
    },
    OaDecisionEvent: {
      type: "object",
      required: ["eventId", "type", "decision", "decidedAt"],
      description: "The generic scheme's decision event. At least one of approvalId and externalId is required.",
      properties: {
        eventId: { type: "string", minLength: 1, maxLength: 200, description: "Unique per event: the same eventId again is a no-op answered with success" },
        type: { const: "approval.decided", description: "Types other than approval.decided, approval.withdrawn and approval.revoked are acknowledged and ignored" },
        ...eventTarget,
        decision: { enum: ["approved", "rejected"] },
        comment: { type: "string", maxLength: 2000 },
        decidedBy: { type: "string", minLength: 1, maxLength: 200, description: "The OA account; mapped to an Acta user on the connector page" },
        decidedAt: { type: "string", format: "date-time" },
      },
    },
    OaWithdrawnEvent: {
      type: "object",
      required: ["eventId", "type", "withdrawnAt"],
      description: "The generic scheme's withdrawal event (撤回): the OA's applicant took the pending instance back. At least one of approvalId and externalId is required.",
      properties: {
        eventId: { type: "string", minLength: 1, maxLength: 200, description: "Unique per event: the same eventId again is a no-op answered with success" },
        type: { const: "approval.withdrawn" },
        ...eventTarget,
        reason: { type: "string", maxLength: 2000 },
        withdrawnBy: { type: "string", minLength: 1, maxLength: 200, description: "The OA account; a mapped one must be the requester or an archivist of the fonds" },
        withdrawnAt: { type: "string", format: "date-time" },
      },
    },
    OaRevokedEvent: {
      type: "object",
      required: ["eventId", "type", "revokedAt"],
      description:
        "The generic scheme's revocation after approval (通过后撤销): the approval stands in Acta (filed archives are not unfiled), but the fonds' archivists are told and it is audited. At least one of approvalId and externalId is required.",
      properties: {
        eventId: { type: "string", minLength: 1, maxLength: 200, description: "Unique per event; the same revocation again, under any eventId, is a no-op answered with success" },
        type: { const: "approval.revoked" },
        ...eventTarget,
        reason: { type: "string", maxLength: 2000 },
        revokedBy: { type: "string", minLength: 1, maxLength: 200, description: "The OA account that revoked it, kept as told" },
        revokedAt: { type: "string", format: "date-time" },
      },
    },
    OaDocument: {
      type: "object",
      required: ["kind", "documentNo", "title", "date", "data", "form", "trail"],
      properties: {
        kind: { enum: ["expense_claim", "approval_form"] },
        documentNo: { type: "string", maxLength: 200, description: "The claim or form number; the ERP voucher cites it in documentRefs" },
        title: { type: "string", maxLength: 500 },
        date: { type: "string", format: "date", description: "The date the form was approved" },
        applicant: { type: "string", maxLength: 200 },
        amount: { type: "string", pattern: "^-?\\d+(\\.\\d{1,2})?$", description: "Exact decimal string, e.g. \"1200.00\"" },
        currency: { type: "string", pattern: "^[A-Z]{3}$", default: "CNY" },
        instanceId: { type: "string", maxLength: 200, description: "The OA's process instance" },
        data: { type: "object", additionalProperties: true, description: "The form's fields as the OA holds them" },
        form: {
          type: "object",
          required: ["name", "contentBase64"],
          description: "The rendered form as people saw it: OFD or PDF (told by its bytes), at most 50 MiB",
          properties: { name: { type: "string", maxLength: 255, examples: ["BX-2024-0001.pdf"] }, contentBase64: { type: "string", contentEncoding: "base64" } },
        },
        trail: {
          type: "array",
          minItems: 1,
          maxItems: 500,
          description: "The approval trail in order; the last entry must be approved",
          items: {
            type: "object",
            required: ["step", "actor", "action", "at"],
            properties: {
              step: { type: "string", maxLength: 200, examples: ["财务审核"] },
              actor: { type: "string", maxLength: 200 },
              action: { enum: ["submitted", "approved", "rejected", "returned", "transferred", "commented"] },
              comment: { type: "string", maxLength: 2000 },
              at: { type: "string", format: "date-time", description: "With an offset (Z or +08:00)" },
            },
          },
        },
      },
    },
    OaApprovalRequested: {
      type: "object",
      description: "What Acta POSTs to {baseUrl}{approvalsPath}, signed with the same two headers. Answer 2xx, optionally {externalId}.",
      properties: {
        eventId: { type: "string", examples: ["approval.requested:0b9f4c1e-5d2a-4b7e-9c3f-1a2b3c4d5e6f"] },
        type: { const: "approval.requested" },
        approvalId: { type: "string", format: "uuid" },
        kind: { enum: approvalKindEnum.enumValues },
        title: { type: "string" },
        summary: { type: "string" },
        fondsName: { type: "string" },
        requester: { type: "string" },
        approvers: { type: "array", items: { type: "string" } },
        detailUrl: { type: "string", format: "uri", description: "Acta's embedded approval page" },
        createdAt: { type: "string", format: "date-time" },
      },
    },
  },
  paths: {
    "/api/connectors/oa": {
      get: {
        tags: ["oa"],
        summary: "The OA connectors, without secrets (masked hints only); system administrators",
        security: [{ session: [] }],
        responses: {
          "200": { description: "Connectors", content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/OaConnector" } } } } },
          "401": error("Not signed in"),
          "403": error("Not an administrator"),
        },
      },
    },
    "/api/connectors/oa/{connectorId}/callback": {
      post: {
        tags: ["oa"],
        summary: "An OA's approval callback, verified as its vendor specifies (generic scheme shown)",
        description:
          "Every callback is logged. A forged, expired (±5 min) or replayed request (the same signed bytes again, once handled) changes nothing and answers 401. " +
          "A repeated eventId, freshly signed, is a no-op answered with success. A decision that arrives after the request was decided " +
          "or withdrawn (in Acta or the OA) is recorded as refused and answered with success, so the OA stops retrying. " +
          "approval.withdrawn withdraws a pending request (撤回), as DingTalk terminate, WeCom SpStatus 4 and Feishu CANCELED do; " +
          "one after the decision is refused the same way, a repeated one is a no-op. approval.revoked (WeCom SpStatus 6, Feishu REVERTED) " +
          "undoes nothing, but tells the fonds' archivists and is audited, once. DingTalk, Feishu and WeCom " +
          "callbacks use their vendors' own signatures and replies.",
        parameters: [connectorId, ...signatureHeaders],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { oneOf: [{ $ref: "#/components/schemas/OaDecisionEvent" }, { $ref: "#/components/schemas/OaWithdrawnEvent" }, { $ref: "#/components/schemas/OaRevokedEvent" }], discriminator: { propertyName: "type" } } } },
        },
        responses: {
          "200": { description: "Handled, or a repeat; generic reply {\"ok\":true}", content: { "application/json": { schema: { type: "object", properties: { ok: { const: true } } } } } },
          "400": error(
            "oa.malformed: X-Acta-Timestamp not in its form, not JSON, a required field missing, or a field longer than its maxLength; " +
              "or the approval's consequence failed (e.g. filing.no_code_rule), nothing recorded",
          ),
          "401": error("oa.unsigned (X-Acta-Signature or X-Acta-Timestamp missing), oa.bad_signature, oa.expired or oa.replayed (vendor schemes also oa.decrypt_failed, oa.wrong_receiver)"),
          "404": error("oa.connector_not_found (also a deactivated connector), or oa.approval_not_found (retry later)"),
          "409": error("The approval's consequence conflicted (filing.code_taken), or approval.revoked names an approval not yet approved in Acta (approval.not_approved); nothing recorded, retry later"),
          "413": error("oa.body_too_large: the body is over 1 MiB"),
          "422": error("validation.invalid_input: the verified decision could not be recorded"),
          "503": error("The connector's secrets or settings are broken on Acta's side (oa.secrets_unreadable, oa.connector_misconfigured): retry later"),
        },
      },
      get: {
        tags: ["oa"],
        summary: "WeCom's URL check (msg_signature, timestamp, nonce, echostr): answers the decrypted echostr",
        parameters: [connectorId],
        responses: {
          "200": { description: "The echostr plaintext", content: { "text/plain": { schema: { type: "string" } } } },
          "400": error("oa.malformed: not a URL check this connector's OA makes (the generic scheme has none)"),
          "401": error("Signature or decryption failed"),
          "404": error("oa.connector_not_found"),
          "503": error("The connector's secrets or settings are broken on Acta's side (oa.secrets_unreadable, oa.connector_misconfigured)"),
        },
      },
    },
    "/api/connectors/oa/{connectorId}/documents": {
      post: {
        tags: ["oa"],
        summary: "Keep an approved expense claim or approval form as a source document, linked to the ERP voucher citing its number (documentRefs), whichever arrives first",
        description:
          "The OA's server sends the form's data, its rendered form (OFD or PDF, base64) and its approval trail, whose last entry must be an approval. " +
          "The same document again answers 200 with outcome unchanged; changed content of a record not yet filed is outcome updated; of a filed record, conflict (nothing changes).",
        security: [{ connectorKey: [] }],
        parameters: [connectorId],
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/OaDocument" } } } },
        responses: {
          "201": { description: "Created (outcome created)", content: { "application/json": { schema: { $ref: "#/components/schemas/DocumentResult" } } } },
          "200": { description: "Outcome unchanged, updated or conflict", content: { "application/json": { schema: { $ref: "#/components/schemas/DocumentResult" } } } },
          "400": error("oa.document_form_invalid (not base64) or oa.document_form_type (not OFD or PDF)"),
          "401": error("No key (auth.unauthenticated)"),
          "403": error("auth.bad_api_key: a wrong key, or no such (active) connector"),
          "413": error("The body is over about 82 MiB (request.body_too_large: a 50 MiB form as base64 plus its data) and was not read"),
          "422": error("validation.invalid_input: a field is missing or wrong, or the trail does not end in an approval"),
        },
      },
    },
    "/api/connectors/oa/{connectorId}/launch": {
      post: {
        tags: ["oa"],
        summary: "A single-use, 60-second link that opens an embedded page signed in as the mapped Acta user",
        security: [{ connectorKey: [] }],
        parameters: [connectorId],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: { type: "object", required: ["user", "next"], properties: { user: { type: "string", description: "OA account" }, next: { type: "string", examples: ["/embed/approvals/0b9f4c1e-5d2a-4b7e-9c3f-1a2b3c4d5e6f"] } } },
            },
          },
        },
        responses: {
          "200": {
            description: "The link; open it within expiresAt, once",
            content: { "application/json": { schema: { type: "object", required: ["url", "expiresAt"], properties: { url: { type: "string", format: "uri" }, expiresAt: { type: "string", format: "date-time" } } } } },
          },
          "400": error("embed.next_invalid: next must be an /embed/… path"),
          "401": error("No key (auth.unauthenticated)"),
          "403": error("auth.bad_api_key, or oa.user_not_mapped"),
          "413": error("The body is over 1 MiB (request.body_too_large) and was not read"),
          "422": error("user or next missing or too long (validation.invalid_input)"),
        },
      },
    },
    "/api/connectors/oa/{connectorId}/records": {
      get: {
        tags: ["oa"],
        summary: "Search the archive on behalf of a mapped OA account, with that user's permissions",
        security: [{ connectorKey: [] }],
        description: "Takes the filters and paging of GET /api/records.",
        parameters: [connectorId, { name: "user", in: "query", required: true, description: "The OA account, mapped to an Acta user on the connector page", schema: { type: "string" } }, ...searchFilters, ...searchPaging],
        responses: {
          "200": { description: "One page of results", content: { "application/json": { schema: { $ref: "#/components/schemas/SearchResult" } } } },
          "400": error("A page past the first 10,000 results (search.page_too_deep)"),
          "401": error("No key (auth.unauthenticated)"),
          "403": error("auth.bad_api_key, oa.user_not_mapped, or a fonds the user may not read (auth.forbidden)"),
          "422": error("A filter is not valid; `fields` names each (validation.invalid_input)"),
        },
      },
    },
  },
};
