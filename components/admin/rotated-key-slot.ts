/** The element above the connectors table where a freshly rotated key is shown (outside any "use client" module, so the server page reads the string). */
export const ROTATED_KEY_SLOT = "rotated-key";
