// The one list of approval kinds: each import registers its handler with ./registry (one line per kind).
import "@/lib/filing/filing-approval-kind";
