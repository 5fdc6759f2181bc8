// `npm run bench -- lifecircle`: issue 13's life-circle engine, no database and no server.
// 1. Monaco end to end (../shared/data/monaco.osm.pbf: parse, walking graph, snap every building and
//    facility, one Dijkstra per kind): the cold first pass and its peak memory in a fresh process, then
//    the median of warm passes here. Target < 1 s.
// 2. The accessibility pass alone against a compiled baseline measured in the same run: the same
//    algorithm in C (bench/lifecircle/dijkstra.c, gcc -O2, built now; skipped with a message without
//    gcc), on the same graph and sources, checksums compared. Target: JavaScript within 3× of C.
// 3. A synthetic district: a 200,000-node street grid, 20,000 buildings, 15 kinds — graph, snapping and
//    the pass. Target < 5 s.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { accessibility, type KindSources } from "../server/src/modules/lifecircle/network/accessibility.ts";
import { analyseExtract } from "../server/src/modules/lifecircle/network/analyse.ts";
import { graphFromEdges, type WalkGraph } from "../server/src/modules/lifecircle/network/graph.ts";
import { type Snapped, Snapper } from "../server/src/modules/lifecircle/network/snap.ts";
import { median, prng, round } from "./stats.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MONACO = path.resolve(HERE, "../../shared/data/monaco.osm.pbf");

interface Line {
  scenario: string;
  figure: string;
  unit: string;
  baseline: string;
  details?: string;
}
type Target = { target: string; measured: string; pass: boolean | null };

/** The pass's input as the C baseline reads it (little-endian int32 / float64). */
function writePassInput(file: string, g: WalkGraph, buildings: Snapped, kinds: readonly KindSources[]) {
  const parts: Buffer[] = [];
  const i32 = (a: Int32Array | number[]) => parts.push(Buffer.from(Int32Array.from(a).buffer));
  const f64 = (a: Float64Array) => parts.push(Buffer.from(Float64Array.from(a).buffer));
  const m2 = g.offset[g.nodeCount] as number;
  i32([g.nodeCount, m2]);
  i32(g.offset);
  i32(g.target.subarray(0, m2));
  f64(g.weight.subarray(0, m2));
  i32([buildings.node.length]);
  i32(buildings.node);
  f64(buildings.leg);
  i32([kinds.length]);
  for (const k of kinds) {
    i32([k.snapped.node.length]);
    i32(k.snapped.node);
    f64(k.snapped.leg);
  }
  writeFileSync(file, Buffer.concat(parts));
}

function checksum(meters: Float64Array[]): { sum: number; unreachable: number } {
  let sum = 0;
  let unreachable = 0;
  for (const m of meters)
    for (const v of m) {
      if (Number.isFinite(v)) sum += v;
      else unreachable++;
    }
  return { sum, unreachable };
}

/** JS pass median (after a warm-up) and the C baseline's median on the same input. */
function comparePass(
  label: string,
  g: WalkGraph,
  buildings: Snapped,
  kinds: KindSources[],
  runs: number,
  cBin: string | null,
  dir: string,
) {
  accessibility(g, buildings, kinds);
  const times: number[] = [];
  let last: Float64Array[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    last = accessibility(g, buildings, kinds);
    times.push(performance.now() - t);
  }
  const js = median(times);
  const mine = checksum(last);
  if (!cBin) return { js, c: null, same: null, mine };
  const input = path.join(dir, `${label}.bin`);
  writePassInput(input, g, buildings, kinds);
  const [ms, sum, unreachable] = execFileSync(cBin, [input, String(runs)], { encoding: "utf8" })
    .trim()
    .split(" ")
    .map(Number);
  const same =
    unreachable === mine.unreachable && Math.abs((sum as number) - mine.sum) <= 1e-6 * Math.max(1, mine.sum);
  return { js, c: ms as number, same, mine };
}

function compileBaseline(dir: string, log: (m: string) => void): { bin: string | null; compiler: string } {
  const gcc = spawnSync("gcc", ["--version"], { encoding: "utf8" });
  if (gcc.status !== 0) {
    log("lifecircle: gcc not found — the compiled baseline is skipped (install Debian's gcc to measure it)");
    return { bin: null, compiler: "none (gcc missing)" };
  }
  const bin = path.join(dir, "dijkstra");
  execFileSync("gcc", ["-O2", "-o", bin, path.join(HERE, "lifecircle/dijkstra.c"), "-lm"]);
  return { bin, compiler: `${(gcc.stdout.split("\n")[0] ?? "gcc").trim()} -O2` };
}

/** A street grid with jitter and missing blocks, buildings and facilities scattered over it. */
export function syntheticDistrict(nodes: number, buildings: number, kinds: number, seed = 13) {
  const rand = prng(seed);
  const cols = Math.round(Math.sqrt(nodes * 1.25));
  const rows = Math.ceil(nodes / cols);
  const n = cols * rows;
  const step = 25; // metres between crossings
  const lat0 = 30.55;
  const lon0 = 114.3;
  const mLat = 1 / 111_320;
  const mLon = 1 / (111_320 * Math.cos((lat0 * Math.PI) / 180));
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const v = r * cols + c;
      lat[v] = lat0 + (r * step + (rand() - 0.5) * 8) * mLat;
      lon[v] = lon0 + (c * step + (rand() - 0.5) * 8) * mLon;
    }
  const from = new Int32Array(2 * n);
  const to = new Int32Array(2 * n);
  let m = 0;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const v = r * cols + c;
      if (c + 1 < cols && rand() > 0.12) {
        from[m] = v;
        to[m++] = v + 1;
      }
      if (r + 1 < rows && rand() > 0.12) {
        from[m] = v;
        to[m++] = v + cols;
      }
    }
  const g = graphFromEdges(
    lat,
    lon,
    Float64Array.from({ length: n }, (_, i) => i + 1),
    from,
    to,
    m,
  );
  const scatter = (count: number) => {
    const la = new Float64Array(count);
    const lo = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      la[i] = lat0 + rand() * rows * step * mLat;
      lo[i] = lon0 + rand() * cols * step * mLon;
    }
    return { lat: la, lon: lo };
  };
  const counts = [3, 5, 8, 12, 20, 30, 40, 60, 80, 120, 160, 240, 320, 400, 600];
  return {
    build: () => graphFromEdges(lat, lon, g.osmId, from, to, m),
    graph: g,
    buildings: scatter(buildings),
    facilities: Array.from({ length: kinds }, (_, k) => scatter(counts[k % counts.length] as number)),
  };
}

export async function runLifecircleScenario(opts: { runs: number; log: (m: string) => void }) {
  const { log, runs } = opts;
  const dir = mkdtempSync(path.join(os.tmpdir(), "linli-lifecircle-"));
  const loadBefore = round(os.loadavg()[0] ?? 0, 2);
  try {
    // 1. cold, in a fresh process, for the peak memory
    const child = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--cold"], {
      encoding: "utf8",
    });
    if (child.status !== 0) throw new Error(`lifecircle cold run failed: ${child.stderr}`);
    const cold = JSON.parse(child.stdout.trim().split("\n").pop() as string) as {
      ms: number;
      maxRssMb: number;
      baseRssMb: number;
      steps: Record<string, number>;
    };
    const bytes = readFileSync(MONACO);
    const warm: number[] = [];
    let a = await analyseExtract(bytes);
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      a = await analyseExtract(bytes);
      warm.push(performance.now() - t);
    }
    const counts = `${a.graph.nodeCount} nodes, ${a.graph.edgeCount} edges, ${a.extract.buildings.length} buildings, ${a.kinds.length} kinds, ${a.extract.pois.length} facilities`;
    log(`lifecircle: Monaco ${counts}; cold ${round(cold.ms, 0)} ms, peak RSS ${cold.maxRssMb} MB`);

    // 2. the pass against C, on Monaco and on the synthetic district
    const cc = compileBaseline(dir, log);
    const monacoKinds = a.kinds.map((k, i) => ({
      code: k.code,
      snapped: (a.facilities[i] as { snapped: Snapped }).snapped,
    }));
    const mPass = comparePass("monaco", a.graph, a.buildings, monacoKinds, runs, cc.bin, dir);

    // 3. the synthetic district
    const d = syntheticDistrict(200_000, 20_000, 15);
    const synth: number[] = [];
    const parts = { graph: 0, snap: 0, pass: 0 };
    let sg = d.graph;
    let sb: Snapped = { node: new Int32Array(0), leg: new Float64Array(0) };
    let sk: KindSources[] = [];
    for (let r = 0; r < Math.max(1, Math.min(runs, 3)); r++) {
      const t0 = performance.now();
      sg = d.build();
      const t1 = performance.now();
      const snapper = new Snapper(sg);
      sb = snapper.snapAll(d.buildings.lat, d.buildings.lon, 300);
      sk = d.facilities.map((f, k) => ({ code: `k${k}`, snapped: snapper.snapAll(f.lat, f.lon, 300) }));
      const t2 = performance.now();
      accessibility(sg, sb, sk);
      const t3 = performance.now();
      synth.push(t3 - t0);
      parts.graph = t1 - t0;
      parts.snap = t2 - t1;
      parts.pass = t3 - t2;
    }
    const sPass = comparePass("synthetic", sg, sb, sk, Math.min(runs, 3), cc.bin, dir);
    const synthMs = median(synth);
    const warmMs = median(warm);
    const ratio = (p: { js: number; c: number | null }) => (p.c ? round(p.js / p.c, 2) : null);
    const lines: Line[] = [
      {
        scenario: "lifecircle monaco",
        figure: String(round(cold.ms, 0)),
        unit: `ms end to end, cold (parse, graph, snap, ${a.kinds.length} kinds); peak RSS ${cold.maxRssMb} MB (node alone ${cold.baseRssMb} MB)`,
        baseline: `warm median ${round(warmMs, 0)} ms of ${runs}; cold steps ${Object.entries(cold.steps)
          .map(([k, v]) => `${k} ${round(v, 0)}`)
          .join(", ")} ms`,
        details: `${counts}; load average ${loadBefore} before, ${round(os.loadavg()[0] ?? 0, 2)} after (2 cores: above 2 the figures carry other work)`,
      },
      {
        scenario: "lifecircle pass (monaco)",
        figure: String(round(mPass.js, 1)),
        unit: `ms for ${a.kinds.length} kinds × ${a.extract.buildings.length} buildings (JS, median)`,
        baseline:
          mPass.c === null
            ? cc.compiler
            : `C ${round(mPass.c, 1)} ms (${cc.compiler}); JS/C ${ratio(mPass)}; checksums ${mPass.same ? "equal" : "DIFFER"}`,
      },
      {
        scenario: "lifecircle synthetic",
        figure: String(round(synthMs, 0)),
        unit: `ms for ${sg.nodeCount} nodes, ${sg.edgeCount} edges, 20000 buildings × 15 kinds (graph ${round(parts.graph, 0)}, snap ${round(parts.snap, 0)}, pass ${round(parts.pass, 0)})`,
        baseline:
          sPass.c === null
            ? cc.compiler
            : `pass alone: JS ${round(sPass.js, 0)} ms, C ${round(sPass.c, 0)} ms; JS/C ${ratio(sPass)}; checksums ${sPass.same ? "equal" : "DIFFER"}`,
      },
    ];
    const targets: Target[] = [
      {
        target: "Monaco end to end (cold, one process) < 1 s",
        measured: `${round(cold.ms, 0)} ms`,
        pass: cold.ms < 1000,
      },
      {
        target: "accessibility pass within 3× of the C baseline (Monaco; synthetic)",
        measured: mPass.c === null ? "skipped: no gcc" : `${ratio(mPass)}×; ${ratio(sPass)}×`,
        pass:
          mPass.c === null || sPass.c === null
            ? null
            : mPass.js <= 3 * mPass.c && sPass.js <= 3 * sPass.c && !!mPass.same && !!sPass.same,
      },
      {
        target: "synthetic 200,000 nodes, 20,000 buildings × 15 kinds < 5 s",
        measured: `${round(synthMs, 0)} ms`,
        pass: synthMs < 5000,
      },
    ];
    return {
      lines,
      targets,
      results: {
        lifecircle: {
          monaco: {
            cold,
            warmMedianMs: round(warmMs, 1),
            nodes: a.graph.nodeCount,
            edges: a.graph.edgeCount,
            largestPart: a.graph.largestSize,
            buildings: a.extract.buildings.length,
            facilities: a.extract.pois.length,
          },
          passMonaco: { jsMs: round(mPass.js, 2), cMs: mPass.c, checksumsEqual: mPass.same },
          synthetic: {
            nodes: sg.nodeCount,
            edges: sg.edgeCount,
            totalMs: round(synthMs, 0),
            parts,
            passJsMs: round(sPass.js, 1),
            passCMs: sPass.c,
            checksumsEqual: sPass.same,
          },
          compiler: cc.compiler,
        },
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The cold pass in its own process: `node --import tsx bench/lifecircle.ts --cold`
if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href &&
  process.argv.includes("--cold")
) {
  const baseRssMb = round(process.memoryUsage().rss / 2 ** 20, 0);
  const bytes = readFileSync(MONACO);
  const t = performance.now();
  const a = await analyseExtract(bytes);
  const ms = performance.now() - t;
  const maxRssMb = round(process.resourceUsage().maxRSS / 1024, 0);
  console.log(JSON.stringify({ ms, maxRssMb, baseRssMb, steps: a.timingsMs }));
}
