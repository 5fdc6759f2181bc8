// Downloads a file the API answers (an Excel export, an import template) with the session cookie,
// under the name the server gives (Content-Disposition filename*), and tells how many rows it holds
// and whether the export was cut (x-linli-export-rows / -truncated).
import { ApiError, NetworkError, withQuery } from "../api/client";

export type DownloadQuery = Record<string, string | number | boolean | null | undefined>;

export async function downloadFile(
  path: string,
  query: DownloadQuery = {},
  fallbackName = "export.xlsx",
): Promise<{ truncated: boolean; rows: number | null }> {
  let res: Response;
  try {
    res = await fetch(withQuery(`/api${path}`, query), { credentials: "include" });
  } catch {
    throw new NetworkError("network");
  }
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    throw new ApiError(res.status, body);
  }
  const blob = await res.blob();
  const name = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get("content-disposition") ?? "")?.[1];
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name ? decodeURIComponent(name) : fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return {
    truncated: res.headers.get("x-linli-export-truncated") === "true",
    // a streamed export (the residents sheet) cannot know its rows before it starts
    rows: res.headers.has("x-linli-export-rows") ? Number(res.headers.get("x-linli-export-rows")) : null,
  };
}
