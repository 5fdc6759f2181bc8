// The contract between the web app and the server: the web app's API types are the server's zod
// schemas seen through JSON (checked by the type checker, which `npm run build` runs first: these
// expectations fail the build when they no longer hold), and the web app imports server files by
// type only (also refused by the build's Vite plugin).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { ZInbox, ZRequestDetail, ZSubmitRequest } from "@contract/voice/requests/requests.schema";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { InboxItem, RequestDetail, SubmitInput } from "../../features/voice/requests/requests-api";
import type { Body, Reply, Wire } from "./contract";

const webSrc = join(import.meta.dirname, "../..");

describe("the API contract", () => {
  it("sees Dates as the ISO strings JSON carries, everything else as the schema says", () => {
    expectTypeOf<Wire<Date>>().toEqualTypeOf<string>();
    expectTypeOf<Wire<{ at: Date | null; list: { on: Date }[]; n: number }>>().toEqualTypeOf<{
      at: string | null;
      list: { on: string }[];
      n: number;
    }>();
    expectTypeOf<RequestDetail["createdAt"]>().toEqualTypeOf<string>();
    expectTypeOf<RequestDetail["resolvedAt"]>().toEqualTypeOf<string | null>();
  });

  it("types the web app's calls by the server's schemas", () => {
    expectTypeOf<RequestDetail>().toEqualTypeOf<Wire<z.output<typeof ZRequestDetail>>>();
    expectTypeOf<InboxItem>().toEqualTypeOf<Reply<typeof ZInbox>["items"][number]>();
    expectTypeOf<SubmitInput>().toEqualTypeOf<Body<typeof ZSubmitRequest>>();
  });

  it("imports server files by type only", () => {
    const byValue: string[] = [];
    for (const file of readdirSync(webSrc, { recursive: true, encoding: "utf8" })) {
      if (!/\.tsx?$/.test(file)) continue;
      const source = readFileSync(join(webSrc, file), "utf8");
      for (const m of source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gms)) {
        const [statement, isType, from] = m;
        const server = from.startsWith("@contract/") || /(^|\/)server\//.test(from);
        const allTypes = /^import\s*\{([^}]*)\}/
          .exec(statement)?.[1]
          .split(",")
          .every((n) => /^\s*(type\s|$)/.test(n));
        if (server && !isType && !allTypes) byValue.push(`${relative(webSrc, join(webSrc, file))}: ${from}`);
      }
    }
    expect(byValue).toEqual([]);
  });
});
