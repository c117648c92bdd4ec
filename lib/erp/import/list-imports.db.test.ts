import { describe, expect, it } from "vitest";
import { Readable } from "node:stream";
import { imports } from "@/db/schema";
import { contextFor, makeUser } from "@/db/test/factories";
import { makeConnector } from "@/db/test/import-factories";
import { testDb } from "@/db/test/setup";
import { createErpConnector } from "@/lib/erp/connectors/create-erp-connector";
import { setErpConnectorActive } from "@/lib/erp/connectors/set-erp-connector-active";
import { getImport } from "./get-import";
import { importErrorsCsv } from "./import-errors-csv";
import { startImport } from "./start-import";
import { systemContext } from "@/lib/context";
import { listImports, listRecentImports } from "./list-imports";

describe("import history", () => {
  it("lists a fonds' latest imports across its connectors, newest first, only to those who import there", async () => {
    const { db } = testDb();
    const { fonds, connector: k3 } = await makeConnector(db);
    const second = await createErpConnector(systemContext(db), { fondsId: fonds.id, name: "用友 U8", sourceSystem: "yonyou-u8", formatId: null });
    if (!second.ok) throw new Error(second.error.code);
    const u8 = second.value;
    const { fonds: elsewhere, connector: foreign } = await makeConnector(db);
    const at = (minutes: number) => new Date(Date.UTC(2026, 0, 5, 8, minutes));
    await db.insert(imports).values([
      ...Array.from({ length: 6 }, (_, i) => ({ connectorId: i % 2 ? u8.id : k3.id, fondsId: fonds.id, fileName: `凭证-${i}.csv`, createdAt: at(i), state: "succeeded" as const })),
      { connectorId: foreign.id, fondsId: elsewhere.id, fileName: "别的全宗.csv", createdAt: at(30) },
    ]);

    const archivist = await makeUser(db, [{ role: "archivist", fondsId: fonds.id }]);
    const recent = await listRecentImports(contextFor(db, archivist.actor), { fondsId: fonds.id });
    expect(recent.ok && recent.value.imports.map((i) => [i.fileName, i.connectorName])).toEqual([
      ["凭证-5.csv", "用友 U8"],
      ["凭证-4.csv", k3.name],
      ["凭证-3.csv", "用友 U8"],
      ["凭证-2.csv", k3.name],
      ["凭证-1.csv", "用友 U8"],
    ]);
    // One connector's history holds only its own, with the same fields.
    const history = await listImports(contextFor(db, archivist.actor), { connectorId: u8.id });
    expect(history.ok && history.value.imports.map((i) => i.fileName)).toEqual(["凭证-5.csv", "凭证-3.csv", "凭证-1.csv"]);

    const outsider = await makeUser(db, [{ role: "archivist", fondsId: elsewhere.id }]);
    const borrower = await makeUser(db, [{ role: "borrower", fondsId: fonds.id }]);
    for (const actor of [outsider.actor, borrower.actor]) {
      const refused = await listRecentImports(contextFor(db, actor), { fondsId: fonds.id });
      expect(!refused.ok && refused.error.code).toBe("auth.forbidden");
    }
    const bad = await listRecentImports(contextFor(db, archivist.actor), { fondsId: "not-a-fonds", limit: 500 });
    expect(!bad.ok && bad.error.code).toBe("validation.invalid_input");
  });

  it("keeps a deactivated connector's imports readable to those who import in its fonds, while it takes no new file", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const [done] = await db.insert(imports).values({ connectorId: connector.id, fondsId: fonds.id, fileName: "停用前.csv", state: "succeeded" }).returning({ id: imports.id });
    const off = await setErpConnectorActive(systemContext(db), { connectorId: connector.id, active: false });
    expect(off.ok).toBe(true);

    const archivist = contextFor(db, (await makeUser(db, [{ role: "archivist", fondsId: fonds.id }])).actor);
    const history = await listImports(archivist, { connectorId: connector.id });
    expect(history.ok && history.value.imports.map((i) => i.fileName)).toEqual(["停用前.csv"]);
    const one = await getImport(archivist, { connectorId: connector.id, importId: done!.id });
    expect(one.ok && one.value.fileName).toBe("停用前.csv");
    expect((await importErrorsCsv(archivist, { connectorId: connector.id, importId: done!.id })).ok).toBe(true);

    const started = await startImport(archivist, { connectorId: connector.id, file: Readable.from([Buffer.from("a,b\n1,2\n")]), fileName: "停用后.csv" });
    expect(!started.ok && started.error.code).toBe("import.connector_inactive");

    const outsider = contextFor(db, (await makeUser(db, [{ role: "archivist", fondsId: (await makeConnector(db)).fonds.id }])).actor);
    const refused = await listImports(outsider, { connectorId: connector.id });
    expect(!refused.ok && refused.error.code).toBe("auth.forbidden");
    const refusedOne = await getImport(outsider, { connectorId: connector.id, importId: done!.id });
    expect(!refusedOne.ok && refusedOne.error.code).toBe("auth.forbidden");
  });
});
