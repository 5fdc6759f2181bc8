// The page check itself can fail: axe, run by page-checks.ts's own runner, reports a serious finding on
// a page that has one, in the page and inside a frame, and none on the same page made right. (Every
// journey leans on this runner; a runner that silently found nothing would pass them all.)
import { expect, test } from "@playwright/test";
import { runAxe } from "./page-checks.ts";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const bad = `<p style="color:#bbb;background:#fff">浅灰色的字 light grey text</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">`;
const good = `<p style="color:#222;background:#fff">深色的字 dark text</p><img alt="一个点 a dot" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">`;
const page = (body: string, frame = "") =>
  `<!doctype html><html lang="zh-CN"><head><title>检查 check</title></head><body><main>${body}${frame}</main></body></html>`;

test("the page check finds low contrast and a missing alt text, in the page and in a frame, and nothing once fixed", async ({
  page: p,
}) => {
  const ids = async () =>
    (await runAxe(p, { runOnly: { type: "tag", values: TAGS } })).violations.map((v) => v.id).sort();

  await p.setContent(page(bad));
  expect(await ids()).toEqual(["color-contrast", "image-alt"]);

  await p.setContent(page(good, `<iframe title="框架 frame" srcdoc='${page(bad)}'></iframe>`));
  await expect.poll(() => p.frames().length).toBe(2);
  await p.frames()[1]?.waitForLoadState();
  expect(await ids()).toEqual(["color-contrast", "image-alt"]);

  await p.setContent(page(good));
  expect(await ids()).toEqual([]);
});
