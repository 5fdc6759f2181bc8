// Bad: another module's table types, not taken from db/schema.ts.
import type { AlphaTable } from "../alpha/alpha.tables.ts";

export const firstId = (rows: AlphaTable[]) => rows[0]?.id;
