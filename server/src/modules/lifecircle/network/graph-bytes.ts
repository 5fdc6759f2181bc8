// The walking graph stored as one bytea (lifecircle_network.graph): a small header and the typed arrays
// back to back, so a recompute reads the network without parsing the extract again.
import type { WalkGraph } from "./graph.js";

const MAGIC = 0x4c433031; // "LC01"

export function packGraph(g: WalkGraph): Buffer {
  const m2 = g.offset[g.nodeCount] as number;
  const header = Int32Array.from([MAGIC, g.nodeCount, g.edgeCount, m2, g.largest, g.largestSize, 0, 0]);
  const parts = [
    header,
    g.lat,
    g.lon,
    g.osmId,
    g.offset,
    g.target.subarray(0, m2),
    g.weight.subarray(0, m2),
    g.component,
  ];
  return Buffer.concat(parts.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
}

export function unpackGraph(bytes: Uint8Array): WalkGraph {
  const buf = new Uint8Array(bytes.byteLength);
  buf.set(bytes); // aligned copy
  const header = new Int32Array(buf.buffer, 0, 8);
  if (header[0] !== MAGIC) throw new Error("not a packed walking graph");
  const n = header[1] as number;
  const m2 = header[3] as number;
  let at = 32;
  const f64 = (len: number) => {
    const a = new Float64Array(buf.buffer, at, len);
    at += len * 8;
    return a;
  };
  const i32 = (len: number) => {
    const a = new Int32Array(buf.buffer, at, len);
    at += len * 4;
    return a;
  };
  const lat = f64(n);
  const lon = f64(n);
  const osmId = f64(n);
  const offset = i32(n + 1);
  // keep 8-byte alignment for the weights
  const target = i32(m2);
  if (at % 8 !== 0) {
    const rest = buf.slice(at);
    const weight = new Float64Array(rest.buffer, 0, m2);
    const component = new Int32Array(rest.buffer, m2 * 8, n);
    return {
      nodeCount: n,
      edgeCount: header[2] as number,
      lat,
      lon,
      osmId,
      offset,
      target,
      weight,
      component,
      largest: header[4] as number,
      largestSize: header[5] as number,
    };
  }
  const weight = f64(m2);
  const component = i32(n);
  return {
    nodeCount: n,
    edgeCount: header[2] as number,
    lat,
    lon,
    osmId,
    offset,
    target,
    weight,
    component,
    largest: header[4] as number,
    largestSize: header[5] as number,
  };
}
