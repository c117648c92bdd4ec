import type { OpenApiArea } from "../document";

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

export const systemArea: OpenApiArea = {
  tags: [
    { name: "system", description: "Health and service information" },
    { name: "records", description: "Archive records (件)" },
  ],
  paths: {
    "/api/health": {
      get: {
        tags: ["system"],
        summary: "Liveness and database reachability; no sign-in needed",
        responses: {
          "200": {
            description: "Up",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: { status: { const: "ok" }, database: { enum: ["embedded", "postgres"] }, version: { type: "string" } },
                },
              },
            },
          },
          "503": { description: "The database is unreachable" },
        },
      },
    },
    "/api/records/{id}": {
      get: {
        tags: ["records"],
        summary: "One record with its state, archival code, volume, retention expiry and latest check results",
        security: [{ session: [] }],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
        responses: {
          "200": { description: "The record" },
          "401": errorResponse("Not signed in"),
          "403": errorResponse("No permission to read records"),
          "404": errorResponse("No such record, or in a fonds the user may not read"),
        },
      },
    },
  },
};
