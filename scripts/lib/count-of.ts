/** "1 entry", "2 entries": an operator's command speaks English without ICU, so its counts agree here. */
export const countOf = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
