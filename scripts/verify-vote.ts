// npm run verify:vote -- <export.json>
//
// Recomputes an owners' vote's result from its export alone (GET …/votes/:id/export.json), with an
// implementation of its own that shares no code with the server: it checks the SHA-256 of the
// electorate and of the ballots, sums each owner's exclusive area over their parts (建筑物区分所有权
// 解释第八条), counts one head per owner (第九条: the export already names one pseudonym per owner, the
// developer's parts under one), and applies 民法典第二百七十八条 with exact fractions (第一千二百五十九条:
// "以上" includes the boundary, "过半数" does not). It prints the figures and exits 1 when any differs
// from the figures the export states.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

interface Export {
  format: string;
  vote: { id: number; communityId: number; title: string; matter: number; questions: string[] };
  parts: { part: string; owner: string; areaCm2: string }[];
  ballots: { owner: string; channel: string; choices: string }[];
  electorateHash: string;
  ballotsHash: string;
  figures: {
    electorate: { areaCm2: string; heads: number };
    participating: { areaCm2: string; heads: number };
    quorum: { areaMet: boolean; headsMet: boolean };
    questions: { yes: { areaCm2: string; heads: number }; passed: boolean }[];
  };
}

const file = process.argv[2];
if (!file) {
  console.error("usage: npm run verify:vote -- <export.json>");
  process.exit(2);
}
const data = JSON.parse(readFileSync(file, "utf8")) as Export;
if (data.format !== "linli-vote-export/1") {
  console.error(`not a vote export (format ${String(data.format)})`);
  process.exit(2);
}

const problems: string[] = [];
const check = (what: string, mine: unknown, theirs: unknown) => {
  if (String(mine) !== String(theirs))
    problems.push(`${what}: recomputed ${String(mine)}, export says ${String(theirs)}`);
};
const digest = (lines: string[]) =>
  createHash("sha256")
    .update([...lines].sort().join("\n"), "utf8")
    .digest("hex");

check(
  "electorate SHA-256",
  digest(data.parts.map((p) => `${p.owner}|${p.part}|${p.areaCm2}`)),
  data.electorateHash,
);
check(
  "ballots SHA-256",
  digest(data.ballots.map((b) => `${b.owner}|${b.channel}|${b.choices}`)),
  data.ballotsHash,
);

// each owner's area: the sum over their parts; a part listed twice is an error
const areaOf = new Map<string, bigint>();
const partsSeen = new Set<string>();
for (const p of data.parts) {
  if (partsSeen.has(p.part)) problems.push(`part ${p.part} is listed twice`);
  partsSeen.add(p.part);
  if (!/^\d+$/.test(p.areaCm2) || BigInt(p.areaCm2) <= 0n) problems.push(`part ${p.part} has no valid area`);
  areaOf.set(p.owner, (areaOf.get(p.owner) ?? 0n) + BigInt(p.areaCm2));
}
let totalArea = 0n;
for (const a of areaOf.values()) totalArea += a;
const totalHeads = BigInt(areaOf.size);

const questions = data.vote.questions.length;
let partArea = 0n;
let partHeads = 0n;
const tally = Array.from({ length: questions }, () => ({
  Y: [0n, 0n],
  N: [0n, 0n],
  A: [0n, 0n],
})) as Record<"Y" | "N" | "A", [bigint, bigint]>[];
const voted = new Set<string>();
for (const b of data.ballots) {
  const area = areaOf.get(b.owner);
  if (area == null) {
    problems.push(`ballot of ${b.owner}, who is not in the electorate`);
    continue;
  }
  if (voted.has(b.owner)) problems.push(`${b.owner} has two ballots`);
  voted.add(b.owner);
  if (b.choices.length !== questions || !/^[YNA]+$/.test(b.choices))
    problems.push(`ballot of ${b.owner} has choices ${b.choices} for ${questions} questions`);
  partArea += area;
  partHeads += 1n;
  [...b.choices].forEach((c, i) => {
    const slot = tally[i]?.[c as "Y" | "N" | "A"];
    if (!slot) return;
    slot[0] += area;
    slot[1] += 1n;
  });
}

// x/y compared with n/d by cross-multiplication
const geq = (x: bigint, y: bigint, n: bigint, d: bigint) => y > 0n && x * d - n * y >= 0n;
const gt = (x: bigint, y: bigint, n: bigint, d: bigint) => y > 0n && x * d - n * y > 0n;

const quorumArea = geq(partArea, totalArea, 2n, 3n);
const quorumHeads = geq(partHeads, totalHeads, 2n, 3n);
const special = [6, 7, 8].includes(data.vote.matter);
const m2 = (cm2: bigint) => `${cm2 / 100n}.${String(cm2 % 100n).padStart(2, "0")} m²`;

check("electorate area", totalArea, data.figures.electorate.areaCm2);
check("electorate heads", totalHeads, data.figures.electorate.heads);
check("participating area", partArea, data.figures.participating.areaCm2);
check("participating heads", partHeads, data.figures.participating.heads);
check("quorum by area", quorumArea, data.figures.quorum.areaMet);
check("quorum by heads", quorumHeads, data.figures.quorum.headsMet);

console.log(`表决 vote ${data.vote.communityId}/${data.vote.id}: ${data.vote.title}`);
console.log(`事项 matter: 民法典第二百七十八条第${data.vote.matter}项 (${special ? "≥ 3/4" : "> 1/2"})`);
console.log(`名册 electorate: ${totalHeads} owners, ${m2(totalArea)}`);
console.log(
  `参与 participating: ${partHeads} owners, ${m2(partArea)} — quorum (≥ 2/3 both): ${quorumArea && quorumHeads ? "met 达到" : "not met 未达到"}`,
);
tally.forEach((t, i) => {
  const [ya, yh] = t.Y;
  const passArea = special ? geq(ya, partArea, 3n, 4n) : gt(ya, partArea, 1n, 2n);
  const passHeads = special ? geq(yh, partHeads, 3n, 4n) : gt(yh, partHeads, 1n, 2n);
  const passed = quorumArea && quorumHeads && passArea && passHeads;
  const stated = data.figures.questions[i];
  check(`question ${i + 1} yes area`, ya, stated?.yes.areaCm2);
  check(`question ${i + 1} yes heads`, yh, stated?.yes.heads);
  check(`question ${i + 1} passed`, passed, stated?.passed);
  console.log(
    `第${i + 1}项 ${data.vote.questions[i]}: 同意 ${yh} / ${m2(ya)}, 反对 ${t.N[1]} / ${m2(t.N[0])}, 弃权 ${t.A[1]} / ${m2(t.A[0])} — ${passed ? "通过 passed" : "未通过 not passed"}`,
  );
});
console.log(`electorate SHA-256 ${data.electorateHash}`);
console.log(`ballots SHA-256    ${data.ballotsHash}`);
if (problems.length) {
  console.error(`MISMATCH 不一致 (${problems.length}):`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log("OK: the export's figures are recomputed exactly 与导出数字一致");
