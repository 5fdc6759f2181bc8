// Column types shared by the Kysely table types (db/schema.ts and the modules' *.tables.ts).
import type { ColumnType } from "kysely";

/** timestamptz: read as a Date, written as a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: read as parsed JSON, written as a JSON string. */
export type Json = ColumnType<unknown, string | undefined, string>;
