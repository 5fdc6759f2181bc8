// The law of owners' collective decisions as integer arithmetic (LAW.md §4; no floats anywhere):
// who counts as how many owners (解释第九条), what area counts (解释第八条), and when a decision is
// made (民法典第二百七十八条, with 第一千二百五十九条 on "以上" and "过半数"). Pure functions: the
// service, the benchmark and the export's own figures use them; the tests and `npm run verify:vote`
// check them against independent readings.

/** Art. 278 items 6–8 (raising the fund, rebuilding, changing the use of common parts) are "major". */
export const MAJOR_MATTERS: readonly number[] = [6, 7, 8];
export const isMajor = (matter: number) => MAJOR_MATTERS.includes(matter);

export const MATTERS_ZH: Record<number, string> = {
  1: "制定和修改业主大会议事规则",
  2: "制定和修改管理规约",
  3: "选举业主委员会或者更换业主委员会成员",
  4: "选聘和解聘物业服务企业或者其他管理人",
  5: "使用建筑物及其附属设施的维修资金",
  6: "筹集建筑物及其附属设施的维修资金",
  7: "改建、重建建筑物及其附属设施",
  8: "改变共有部分的用途或者利用共有部分从事经营活动",
  9: "有关共有和共同管理权利的其他重大事项",
};

/** An area in 0.01 m² and a number of owners. */
export interface Measure {
  area: bigint;
  heads: bigint;
}

/** One exclusive part of the register as the electorate is built from it. */
export interface RegisterPart {
  householdId: number;
  /** exclusive area in 0.01 m² */
  areaCm2: bigint;
  developerHeld: boolean;
  /** identities of its owners (ID-number hash, account, resident) — parts sharing one belong to one owner */
  ownerKeys: string[];
}

/** One owner as Art. 9 counts them: the parts they hold and their summed area. */
export interface Voter {
  voterNo: number;
  developer: boolean;
  householdIds: number[];
  areaCm2: bigint;
  ownerKeys: string[];
}

/**
 * Groups the parts into owners. 解释第九条: one part counts as one owner, but the parts a buyer holds
 * more than one of count once, and the developer's unsold or undelivered parts count together once.
 * Parts sharing any owner identity are one owner (union–find); 解释第八条: area counts per part.
 */
export function groupOwners(parts: RegisterPart[]): Voter[] {
  const parent = parts.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const firstWithKey = new Map<string, number>();
  let developerFirst = -1;
  parts.forEach((p, i) => {
    // 解释第九条: all parts still held by the developer are one owner, whoever else is named on them
    if (p.developerHeld) {
      if (developerFirst < 0) developerFirst = i;
      else union(developerFirst, i);
      return;
    }
    for (const k of p.ownerKeys) {
      const seen = firstWithKey.get(k);
      if (seen == null) firstWithKey.set(k, i);
      else union(seen, i);
    }
  });
  const byRoot = new Map<number, number[]>();
  parts.forEach((_, i) => {
    const r = find(i);
    byRoot.set(r, [...(byRoot.get(r) ?? []), i]);
  });
  const voters: Voter[] = [];
  for (const members of [...byRoot.values()].sort((a, b) => a[0]! - b[0]!)) {
    const ps = members.map((i) => parts[i]!);
    voters.push({
      voterNo: voters.length + 1,
      developer: ps[0]!.developerHeld,
      householdIds: ps.map((p) => p.householdId),
      areaCm2: ps.reduce((s, p) => s + p.areaCm2, 0n),
      ownerKeys: ps[0]!.developerHeld ? [] : [...new Set(ps.flatMap((p) => p.ownerKeys))],
    });
  }
  return voters;
}

/** a ≥ num/den of b, exactly ("以上" includes the boundary: 民法典第一千二百五十九条). */
export const atLeast = (a: bigint, b: bigint, num: bigint, den: bigint) => a * den >= b * num;
/** a > num/den of b, exactly ("过半数" is strictly more than half: 民法典第一千二百五十九条). */
export const moreThan = (a: bigint, b: bigint, num: bigint, den: bigint) => a * den > b * num;

export interface QuestionCount {
  yes: Measure;
  no: Measure;
  abstain: Measure;
}

export interface Decision {
  /** 民法典第二百七十八条第二款: ≥ 2/3 of the area took part */
  quorumArea: boolean;
  /** 民法典第二百七十八条第二款: ≥ 2/3 of the owners took part */
  quorumHeads: boolean;
  quorum: boolean;
  questions: { yesArea: boolean; yesHeads: boolean; passed: boolean }[];
}

/** Whether the vote was quorate and each question carried, from the electorate, participation and counts. */
export function decide(
  matter: number,
  electorate: Measure,
  participating: Measure,
  questions: QuestionCount[],
): Decision {
  // 民法典第二百七十八条第二款: 专有部分面积占比三分之二以上的业主且人数占比三分之二以上的业主参与表决
  const quorumArea = electorate.area > 0n && atLeast(participating.area, electorate.area, 2n, 3n);
  const quorumHeads = electorate.heads > 0n && atLeast(participating.heads, electorate.heads, 2n, 3n);
  const quorum = quorumArea && quorumHeads;
  const major = isMajor(matter);
  return {
    quorumArea,
    quorumHeads,
    quorum,
    questions: questions.map((q) => {
      const yesArea = major
        ? // 民法典第二百七十八条第二款: 第六至八项 经参与表决专有部分面积四分之三以上的业主同意
          participating.area > 0n && atLeast(q.yes.area, participating.area, 3n, 4n)
        : // 民法典第二百七十八条第二款: 其他事项 经参与表决专有部分面积过半数的业主同意
          moreThan(q.yes.area, participating.area, 1n, 2n);
      const yesHeads = major
        ? // 民法典第二百七十八条第二款: 第六至八项 且参与表决人数四分之三以上的业主同意
          participating.heads > 0n && atLeast(q.yes.heads, participating.heads, 3n, 4n)
        : // 民法典第二百七十八条第二款: 其他事项 且参与表决人数过半数的业主同意
          moreThan(q.yes.heads, participating.heads, 1n, 2n);
      return { yesArea, yesHeads, passed: quorum && yesArea && yesHeads };
    }),
  };
}

/** The least whole number of 0.01 m² (or owners) that reaches num/den of `of` ("以上": the boundary counts). */
export const needAtLeast = (of: bigint, num: bigint, den: bigint) => (of * num + den - 1n) / den;
/** The least whole number that is more than num/den of `of` ("过半数"). */
export const needMoreThan = (of: bigint, num: bigint, den: bigint) => (of * num) / den + 1n;

/** A share in basis points (1/100 of a percent), rounded down, for display only. */
export const basisPoints = (part: bigint, of: bigint) => (of > 0n ? Number((part * 10000n) / of) : 0);

/** "YNA" per question: Y 同意, N 反对, A 弃权. */
export const CHOICES = ["Y", "N", "A"] as const;
export type Choice = (typeof CHOICES)[number];
