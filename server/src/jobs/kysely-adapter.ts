// pg-boss talks to the database through our Kysely instance, on PGlite and on PostgreSQL alike.
//
// Why not pg-boss's own `fromKysely`: it sends every text as one query, and pg-boss issues
// multi-statement texts without parameters (schema creation, `BEGIN; SELECT pg_advisory_xact_lock…;
// …; COMMIT` maintenance blocks). PGlite runs queries through the extended protocol, which takes one
// statement per query, and on node-postgres a multi-statement result is an array whose rows Kysely
// drops (pg-boss needs the rows of every statement). So texts without parameters are split into
// statements here and run one by one on ONE reserved connection, returning the rows of all of them.
// Going through Kysely (never the raw PGlite client) keeps PGlite's single connection serialized
// with the application's own transactions.
import { CompiledQuery, type Kysely } from "kysely";
import type { Db as IDatabase } from "pg-boss";

export function kyselyDatabase(db: Kysely<any>): IDatabase {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values?.length) {
        const result = await db.executeQuery(CompiledQuery.raw(text, values));
        return { rows: [...result.rows] };
      }
      const statements = splitStatements(text);
      if (statements.length <= 1) {
        const result = await db.executeQuery(CompiledQuery.raw(statements[0] ?? text, []));
        return { rows: [...result.rows] };
      }
      return db.connection().execute(async (conn) => {
        const rows: unknown[] = [];
        try {
          for (const statement of statements) {
            const result = await conn.executeQuery(CompiledQuery.raw(statement, []));
            rows.push(...result.rows);
          }
        } catch (error) {
          // A failed statement inside BEGIN … COMMIT leaves the connection in an aborted transaction;
          // roll it back before the connection goes back to the pool (or, on PGlite, to the app).
          await conn.executeQuery(CompiledQuery.raw("ROLLBACK", [])).catch(() => {});
          throw error;
        }
        return { rows };
      });
    },
  };
}

/**
 * Splits SQL text into statements at top-level semicolons, respecting quoted strings ('…', E'…'),
 * quoted identifiers ("…"), dollar-quoted bodies ($$…$$, $tag$…$tag$) and comments. Empty
 * statements (and ones that are only comments) are dropped.
 */
export function splitStatements(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  let meaningful = false; // the current statement has something besides whitespace and comments
  const n = text.length;
  const push = (end: number) => {
    const s = text.slice(start, end).trim();
    if (meaningful && s) out.push(s);
    meaningful = false;
  };
  while (i < n) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === "-" && next === "-") {
      const eol = text.indexOf("\n", i);
      i = eol === -1 ? n : eol + 1;
      continue;
    }
    if (ch === "/" && next === "*") {
      // block comments nest in PostgreSQL
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text[i] === "/" && text[i + 1] === "*") {
          depth += 1;
          i += 2;
        } else if (text[i] === "*" && text[i + 1] === "/") {
          depth -= 1;
          i += 2;
        } else i += 1;
      }
      continue;
    }
    if (ch === ";") {
      push(i);
      i += 1;
      start = i;
      continue;
    }
    if (!/\s/.test(ch)) meaningful = true;
    if (ch === "'") {
      const escapes = i > 0 && /[eE]/.test(text[i - 1]!) && !/[\w$]/.test(text[i - 2] ?? " ");
      i += 1;
      while (i < n) {
        if (escapes && text[i] === "\\") i += 2;
        else if (text[i] === "'" && text[i + 1] === "'") i += 2;
        else if (text[i] === "'") {
          i += 1;
          break;
        } else i += 1;
      }
      continue;
    }
    if (ch === '"') {
      i += 1;
      while (i < n) {
        if (text[i] === '"' && text[i + 1] === '"') i += 2;
        else if (text[i] === '"') {
          i += 1;
          break;
        } else i += 1;
      }
      continue;
    }
    if (ch === "$") {
      // a dollar quote opens with $tag$ where tag is empty or an identifier not starting with a digit;
      // $1 (a parameter) is not one, nor is a $ inside an identifier (a$b)
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 66));
      const prev = text[i - 1] ?? " ";
      if (m && !/[\w$]/.test(prev)) {
        const tag = m[0];
        const close = text.indexOf(tag, i + tag.length);
        i = close === -1 ? n : close + tag.length;
        continue;
      }
    }
    i += 1;
  }
  push(n);
  return out;
}
