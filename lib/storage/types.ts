import type { Readable } from "node:stream";

export interface StoredObject {
  /** Where the bytes live in this store; content-addressed, so equal bytes share one key. */
  storageKey: string;
  size: number;
  sha256: string;
  sm3: string;
}

/** Whether a store can be audited at all; `location` is where it was looked for, for the operator to check. */
export type StoreAvailability = { available: true } | { available: false; reason: "root_missing" | "layout_missing" | "unreadable"; location: string };

/**
 * Where archived bytes live (never in the database, DA/T 94 E.3c). Local disk now; an S3-compatible
 * store implements the same interface without any caller changing.
 */
export interface ObjectStore {
  readonly kind: string;
  /** Streams the bytes in, computing both digests on the way; a second put of equal bytes keeps the stored copy, or replaces it if damaged. */
  put(source: Readable | Uint8Array): Promise<StoredObject>;
  open(storageKey: string): Promise<Readable>;
  exists(storageKey: string): Promise<boolean>;
  /** Recomputes the digests of what is stored now, for fixity audits; null when the object is gone. */
  digest(storageKey: string): Promise<{ size: number; sha256: string; sm3: string } | null>;
  /**
   * Whether the store itself is there: an unmounted disk or a wrong data folder must not read as every file lost.
   * `expectObjects`: the database names stored files, so the store's layout must exist too.
   */
  availability(options: { expectObjects: boolean }): Promise<StoreAvailability>;
  /** Physical deletion, reserved for approved destruction. */
  remove(storageKey: string): Promise<void>;
}
