import path from "node:path";
import { getEnv } from "@/lib/env";
import { createLocalStore } from "./local-store";
import type { ObjectStore } from "./types";

let store: ObjectStore | undefined;

/** The configured store: files under ACTA_DATA_DIR/files. The one place that picks an implementation. */
export function getObjectStore(): ObjectStore {
  store ??= createLocalStore(path.resolve(getEnv().ACTA_DATA_DIR, "files"));
  return store;
}

export type { ObjectStore, StoreAvailability, StoredObject } from "./types";
