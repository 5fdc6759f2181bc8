// Writes small .osm.pbf files for tests, by hand from the format's protobuf messages (fileformat.proto,
// osmformat.proto), so the tests do not depend on the parser's own encoder.
import { deflateSync } from "node:zlib";

export interface FixtureNode {
  id: number;
  lat: number;
  lon: number;
  tags?: Record<string, string>;
}
export interface FixtureWay {
  id: number;
  refs: number[];
  tags?: Record<string, string>;
}

class Writer {
  bytes: number[] = [];
  varint(n: number) {
    let v = n;
    while (v >= 0x80) {
      this.bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.bytes.push(v);
  }
  svarint(n: number) {
    this.varint(n >= 0 ? 2 * n : -2 * n - 1);
  }
  tag(field: number, wire: number) {
    this.varint(field * 8 + wire);
  }
  bytesField(field: number, b: Uint8Array | number[]) {
    this.tag(field, 2);
    this.varint(b.length);
    for (const x of b) this.bytes.push(x);
  }
  packed(field: number, values: number[], signed: boolean) {
    const w = new Writer();
    for (const v of values) signed ? w.svarint(v) : w.varint(v);
    this.bytesField(field, w.bytes);
  }
}

const utf8 = (s: string) => [...Buffer.from(s, "utf8")];

function blob(type: string, payload: number[]): number[] {
  const body = new Writer();
  body.tag(2, 0);
  body.varint(payload.length);
  body.bytesField(3, deflateSync(Buffer.from(payload)));
  const header = new Writer();
  header.bytesField(1, utf8(type));
  header.tag(3, 0);
  header.varint(body.bytes.length);
  const len = header.bytes.length;
  return [
    (len >>> 24) & 255,
    (len >>> 16) & 255,
    (len >>> 8) & 255,
    len & 255,
    ...header.bytes,
    ...body.bytes,
  ];
}

export function writeOsmPbf(nodes: FixtureNode[], ways: FixtureWay[]): Uint8Array {
  const strings: string[] = [""];
  const sid = (s: string) => {
    let i = strings.indexOf(s);
    if (i < 0) i = strings.push(s) - 1;
    return i;
  };
  const group = new Writer();
  for (const n of nodes) {
    const w = new Writer();
    w.tag(1, 0);
    w.svarint(n.id);
    const tags = Object.entries(n.tags ?? {});
    if (tags.length > 0) {
      w.packed(
        2,
        tags.map(([k]) => sid(k)),
        false,
      );
      w.packed(
        3,
        tags.map(([, v]) => sid(v)),
        false,
      );
    }
    w.tag(8, 0);
    w.svarint(Math.round(n.lat * 1e7));
    w.tag(9, 0);
    w.svarint(Math.round(n.lon * 1e7));
    group.bytesField(1, w.bytes);
  }
  const wayGroup = new Writer();
  for (const way of ways) {
    const w = new Writer();
    w.tag(1, 0);
    w.varint(way.id);
    const tags = Object.entries(way.tags ?? {});
    if (tags.length > 0) {
      w.packed(
        2,
        tags.map(([k]) => sid(k)),
        false,
      );
      w.packed(
        3,
        tags.map(([, v]) => sid(v)),
        false,
      );
    }
    w.packed(
      8,
      way.refs.map((r, i) => r - (i > 0 ? (way.refs[i - 1] as number) : 0)),
      true,
    );
    wayGroup.bytesField(3, w.bytes);
  }
  const block = new Writer();
  const table = new Writer();
  for (const s of strings) table.bytesField(1, utf8(s));
  block.bytesField(1, table.bytes);
  if (nodes.length > 0) block.bytesField(2, group.bytes);
  if (ways.length > 0) block.bytesField(2, wayGroup.bytes);
  const header = new Writer();
  header.bytesField(4, utf8("OsmSchema-V0.6"));
  return Uint8Array.from([...blob("OSMHeader", header.bytes), ...blob("OSMData", block.bytes)]);
}
