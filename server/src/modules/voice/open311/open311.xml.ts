// GeoReport v2 XML: schemaless, no namespace, UTF-8 with the XML declaration (spec "Format Support").
// The JSON answers follow the Spark convention (wiki.open311.org/JSON_and_XML_Conversion), so the XML
// is their mechanical inverse: an array becomes a container element holding one child per item, named
// by `items` (services → service, attributes → attribute, …); null becomes an empty element.

type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };

// Characters XML 1.0 does not allow at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF).
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

function element(name: string, value: Value, items: Record<string, string>): string {
  if (value === undefined) return "";
  if (value === null) return `<${name}/>`;
  if (Array.isArray(value)) {
    const child = items[name];
    if (!child) throw new Error(`open311 xml: no item name for the array ${name}`);
    return `<${name}>${value.map((v) => element(child, v, items)).join("")}</${name}>`;
  }
  if (typeof value === "object") {
    const inner = Object.entries(value)
      .map(([k, v]) => element(k, v, items))
      .join("");
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** One XML document: `root` holds `value` (an array: one `items[root]` child per item). */
export function toXml(root: string, value: Value, items: Record<string, string>): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, items)}\n`;
}

/** The item element names of every GeoReport v2 container. */
export const XML_ITEMS: Record<string, string> = {
  services: "service",
  service_requests: "request",
  attributes: "attribute",
  values: "value",
  endpoints: "endpoint",
  formats: "format",
  errors: "error",
};
