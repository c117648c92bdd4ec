import type { OpenApiArea } from "../document";

const error = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
const connectorId = { name: "connectorId", in: "path", required: true, schema: { type: "string", format: "uuid" } };
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
  tags: [{ name: "oa", description: "OA integration: signed approval callbacks, embed launch links, search on behalf of OA users" }],
  schemas: {
    OaDecisionEvent: {
      type: "object",
      required: ["eventId", "type", "decision", "decidedAt"],
      description: "The generic scheme's decision event. At least one of approvalId and externalId is required.",
      properties: {
        eventId: { type: "string", minLength: 1, maxLength: 200, description: "Unique per event: the same eventId again is a no-op answered with success" },
        type: { const: "approval.decided", description: "Other types are acknowledged and ignored" },
        approvalId: { type: "string", format: "uuid", description: "Acta's approval id, as sent in approval.requested" },
        externalId: { type: "string", description: "The OA's own id, as answered to approval.requested" },
        decision: { enum: ["approved", "rejected"] },
        comment: { type: "string" },
        decidedBy: { type: "string", description: "The OA account; mapped to an Acta user on the connector page" },
        decidedAt: { type: "string", format: "date-time" },
      },
    },
    OaApprovalRequested: {
      type: "object",
      description: "What Acta POSTs to {baseUrl}{approvalsPath}, signed with the same two headers. Answer 2xx, optionally {externalId}.",
      properties: {
        eventId: { type: "string", examples: ["approval.requested:0b9f4c1e-5d2a-4b7e-9c3f-1a2b3c4d5e6f"] },
        type: { const: "approval.requested" },
        approvalId: { type: "string", format: "uuid" },
        kind: { enum: ["filing", "loan", "destruction", "transfer"] },
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
        responses: { "200": { description: "Connectors" }, "401": error("Not signed in"), "403": error("Not an administrator") },
      },
    },
    "/api/connectors/oa/{connectorId}/callback": {
      post: {
        tags: ["oa"],
        summary: "An OA's approval callback, verified as its vendor specifies (generic scheme shown)",
        description:
          "Every callback is logged. A forged, expired (±5 min) or replayed request (the same signed bytes again) changes nothing and answers 401. " +
          "A repeated eventId, freshly signed, is a no-op answered with success. A decision that arrives after the request was decided " +
          "(in Acta or the OA) is recorded as refused and answered with success, so the OA stops retrying. DingTalk, Feishu and WeCom " +
          "callbacks use their vendors' own signatures and replies.",
        parameters: [connectorId, ...signatureHeaders],
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/OaDecisionEvent" } } } },
        responses: {
          "200": { description: "Handled, or a repeat; generic reply {\"ok\":true}", content: { "application/json": { schema: { type: "object", properties: { ok: { const: true } } } } } },
          "400": error("oa.malformed: not JSON, or a required field missing"),
          "401": error("oa.bad_signature, oa.expired or oa.replayed"),
          "404": error("oa.connector_not_found, or oa.approval_not_found (retry later)"),
        },
      },
      get: {
        tags: ["oa"],
        summary: "WeCom's URL check (msg_signature, timestamp, nonce, echostr): answers the decrypted echostr",
        parameters: [connectorId],
        responses: { "200": { description: "The echostr plaintext" }, "401": error("Signature or decryption failed") },
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
          "200": { description: "{ url, expiresAt }" },
          "401": error("No key"),
          "403": error("auth.bad_api_key, or oa.user_not_mapped"),
          "400": error("embed.next_invalid: next must be an /embed/… path"),
        },
      },
    },
    "/api/connectors/oa/{connectorId}/records": {
      get: {
        tags: ["oa"],
        summary: "Search the archive on behalf of a mapped OA account, with that user's permissions",
        security: [{ connectorKey: [] }],
        parameters: [
          connectorId,
          { name: "user", in: "query", required: true, schema: { type: "string" } },
          { name: "q", in: "query", schema: { type: "string" } },
        ],
        responses: { "200": { description: "{ items, total, page, pageSize }" }, "401": error("No key"), "403": error("auth.bad_api_key, or oa.user_not_mapped") },
      },
    },
  },
};
