// Generated households and their members: size, make-up (alone, couples, nuclear and three-generation
// families, grandparents raising a grandchild), ages, relations, care tags, phones and ID numbers.
// Pure and seeded: the same Rng state gives the same people.
import { ageOn, isValidIdNumber } from "../modules/core/privacy/pii.service.ts";
import { drawGivenName, drawSurname, type Gender } from "./demo-names.ts";
import type { Rng } from "./demo-random.ts";

export type CareTag =
  | "living_alone"
  | "empty_nest"
  | "elderly_80_plus"
  | "hardship"
  | "disability"
  | "left_behind_child";
export type Relation = "owner" | "tenant" | "family";

export interface Member {
  name: string;
  gender: Gender;
  birthDate: string;
  age: number;
  relation: Relation;
  careTags: CareTag[];
  phone: string | null;
  idNumber: string | null;
}

// Shares of household sizes 1–6 (urban Hubei, 2020 census shape); mean ≈ 2.6 persons.
const SIZE_WEIGHTS: [number, number][] = [
  [1, 20],
  [2, 31],
  [3, 27],
  [4, 13],
  [5, 6],
  [6, 3],
];

/**
 * Household sizes for `households` households; when `residents` is given the sizes add up to it
 * exactly (adjusted one person at a time, keeping every size within 1–6).
 */
export function drawHouseholdSizes(rng: Rng, households: number, residents?: number): number[] {
  const sizes = Array.from({ length: households }, () => rng.weighted(SIZE_WEIGHTS));
  if (residents === undefined) return sizes;
  if (residents < households || residents > households * 6) {
    throw new Error(`cannot seat ${residents} residents in ${households} households`);
  }
  let diff = residents - sizes.reduce((s, v) => s + v, 0);
  while (diff !== 0) {
    const i = rng.int(0, households - 1);
    if (diff > 0 && sizes[i]! < 6) {
      sizes[i]! += 1;
      diff--;
    } else if (diff < 0 && sizes[i]! > 1) {
      sizes[i]! -= 1;
      diff++;
    }
  }
  return sizes;
}

type Role = "head" | "spouse" | "child" | "parent" | "grandchild";
interface Sketch {
  role: Role;
  age: number;
  gender: Gender;
  tags: CareTag[];
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)));
const other = (g: Gender): Gender => (g === "male" ? "female" : "male");

/** 60–95, thinning with age (about one in six of the over-60s is 80 or older). */
function elderlyAge(rng: Rng, min = 60): number {
  return min + Math.floor((95 - min + 1) * (1 - Math.sqrt(rng.next())));
}

function spouseAge(rng: Rng, age: number, min = 20): number {
  return clamp(age + rng.int(-5, 4), min, 95);
}

function childOf(rng: Rng, parentAge: number, maxAge = 95): Sketch {
  return {
    role: "child",
    age: clamp(parentAge - rng.int(24, 34), 0, maxAge),
    gender: rng.chance(0.52) ? "male" : "female",
    tags: [],
  };
}

function couple(rng: Rng, age: number, min = 20): Sketch[] {
  const g: Gender = rng.chance(0.6) ? "male" : "female";
  return [
    { role: "head", age, gender: g, tags: [] },
    { role: "spouse", age: spouseAge(rng, age, min), gender: other(g), tags: [] },
  ];
}

function sibling(rng: Rng, first: Sketch): Sketch {
  return {
    role: "child",
    age: clamp(first.age - rng.int(2, 8), 0, 95),
    gender: rng.chance(0.52) ? "male" : "female",
    tags: [],
  };
}

/** Who lives in a household of `size`: roles, ages, genders, and the tags the make-up implies. */
function sketchHousehold(rng: Rng, size: number): Sketch[] {
  const one = (role: Role, age: number, gender: Gender): Sketch => ({ role, age, gender, tags: [] });
  switch (size) {
    case 1: {
      const kind = rng.weighted<"old" | "young" | "mid">([
        ["old", 40],
        ["young", 45],
        ["mid", 15],
      ]);
      if (kind === "old") {
        return [
          {
            role: "head",
            age: elderlyAge(rng),
            gender: rng.chance(0.65) ? "female" : "male",
            tags: ["living_alone"],
          },
        ];
      }
      return [
        one(
          "head",
          kind === "young" ? rng.int(20, 44) : rng.int(45, 59),
          rng.chance(0.55) ? "male" : "female",
        ),
      ];
    }
    case 2: {
      const kind = rng.weighted<"old" | "mid" | "young" | "single_parent" | "elder_and_child">([
        ["old", 30],
        ["mid", 26],
        ["young", 24],
        ["single_parent", 10],
        ["elder_and_child", 8],
      ]);
      if (kind === "old") {
        const c = couple(rng, elderlyAge(rng, 62), 60);
        for (const m of c) m.tags.push("empty_nest");
        return c;
      }
      if (kind === "mid") {
        const c = couple(rng, rng.int(45, 62), 40);
        if (c.every((m) => m.age >= 60)) for (const m of c) m.tags.push("empty_nest");
        return c;
      }
      if (kind === "young") return couple(rng, rng.int(23, 40));
      if (kind === "single_parent") {
        const parent = one("head", rng.int(30, 52), rng.chance(0.75) ? "female" : "male");
        return [parent, childOf(rng, parent.age, 25)];
      }
      const elder = one("head", elderlyAge(rng, 72), rng.chance(0.6) ? "female" : "male");
      return [elder, childOf(rng, elder.age)];
    }
    case 3: {
      const kind = rng.weighted<"nuclear" | "adult_child" | "grandparents" | "elder_parent">([
        ["nuclear", 72],
        ["adult_child", 15],
        ["grandparents", 5],
        ["elder_parent", 8],
      ]);
      if (kind === "nuclear") {
        const c = couple(rng, rng.int(27, 50), 22);
        return [...c, childOf(rng, c[0]!.age, 24)];
      }
      if (kind === "adult_child") {
        const c = couple(rng, rng.int(48, 64), 44);
        return [...c, { ...childOf(rng, c[0]!.age), age: rng.int(18, 32) }];
      }
      if (kind === "grandparents") {
        // grandparents raising a grandchild while the parents work in another city (留守儿童)
        const c = couple(rng, rng.int(55, 74), 50);
        const age = rng.int(2, 15);
        return [
          ...c,
          {
            role: "grandchild",
            age,
            gender: rng.chance(0.52) ? "male" : "female",
            tags: age < 16 && rng.chance(0.7) ? ["left_behind_child"] : [],
          },
        ];
      }
      const c = couple(rng, rng.int(44, 60), 40);
      return [
        ...c,
        one("parent", clamp(c[0]!.age + rng.int(24, 34), 70, 95), rng.chance(0.65) ? "female" : "male"),
      ];
    }
    default: {
      // 4–6: a couple with one or two children, plus grandparents (three generations)
      const c = couple(rng, rng.int(28, 46), 23);
      const kids = [childOf(rng, c[0]!.age, 20)];
      const members = [...c, ...kids];
      const wantKids = size === 4 ? (rng.chance(0.45) ? 2 : 1) : size === 5 ? (rng.chance(0.4) ? 2 : 1) : 2;
      if (wantKids === 2) members.push(sibling(rng, kids[0]!));
      while (members.length < size) {
        members.push(
          one(
            "parent",
            clamp(c[0]!.age + rng.int(24, 34), 52, 95),
            members.some((m) => m.role === "parent" && m.gender === "female") ? "male" : "female",
          ),
        );
      }
      return members;
    }
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** A birth date such that the age on `today` is exactly `age`. */
export function birthDateForAge(rng: Rng, age: number, today: Date): string {
  const y = today.getUTCFullYear();
  const latest = Date.UTC(y - age, today.getUTCMonth(), today.getUTCDate());
  const earliest = Date.UTC(y - age - 1, today.getUTCMonth(), today.getUTCDate()) + 86_400_000;
  const days = Math.round((latest - earliest) / 86_400_000);
  const d = new Date(earliest + rng.int(0, days) * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11643-1999 check character of the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return "10X98765432"[sum % 11]!;
}

// Places of household registration for people born elsewhere: Hubei cities and the neighbouring
// provinces (Henan, Hunan, Jiangxi, Anhui, Chongqing, Sichuan).
const OTHER_AREAS = [
  "420102",
  "420111",
  "420115",
  "420502",
  "420202",
  "421302",
  "421381",
  "421002",
  "420902",
  "420602",
  "411302",
  "430104",
  "360102",
  "340102",
  "500101",
  "510104",
];

/** Draws a valid, not yet used 18-digit ID number for a person born on `birthDate`. */
export function drawIdNumber(
  rng: Rng,
  homeArea: string,
  birthDate: string,
  gender: Gender,
  used: Set<string>,
): string {
  const area = rng.chance(0.7) ? homeArea : rng.pick(OTHER_AREAS);
  const date = birthDate.replaceAll("-", "");
  for (;;) {
    // the 17th digit is odd for men, even for women
    const order = `${pad(rng.int(0, 99))}${gender === "male" ? rng.pick([1, 3, 5, 7, 9]) : rng.pick([0, 2, 4, 6, 8])}`;
    const first17 = `${area}${date}${order}`;
    const id = first17 + idCheckCharacter(first17);
    if (!used.has(id)) {
      used.add(id);
      if (!isValidIdNumber(id)) throw new Error(`generated an invalid ID number ${id}`);
      return id;
    }
  }
}

export interface PeopleContext {
  rng: Rng;
  today: Date;
  /** Six-digit division code of the district, the usual place of registration. */
  homeArea: string;
  usedIds: Set<string>;
  nextPhone: () => string;
  /** Share of residents aged 16 or older whose ID number is on record. */
  idShare: number;
}

/** The members of one household of `size`, named, dated, tagged and related. */
export function drawHousehold(ctx: PeopleContext, size: number): Member[] {
  const { rng, today } = ctx;
  const sketches = sketchHousehold(rng, size);
  const head = sketches[0]!;
  // rented whole by the people who live there (young singles and couples most often)
  const rented = rng.chance(head.age < 35 ? 0.3 : head.age < 50 ? 0.12 : 0.03);
  const hardship = rng.chance(0.015);
  const familyName = drawSurname(rng);
  const spouseName = drawSurname(rng);
  const childrenTakeSpouseName = head.gender === "female" && sketches.some((m) => m.role === "spouse");
  return sketches.map((s) => {
    const birthDate = birthDateForAge(rng, s.age, today);
    const birthYear = Number(birthDate.slice(0, 4));
    // children mostly take their father's family name: the head's, or the husband's of a woman head
    let surname: string;
    if (s.role === "spouse") surname = spouseName;
    else if (s.role === "parent") surname = s.gender === "male" ? familyName : drawSurname(rng);
    else if (s.role === "head") surname = familyName;
    else surname = (childrenTakeSpouseName ? !rng.chance(0.1) : rng.chance(0.1)) ? spouseName : familyName;
    const name = surname + drawGivenName(rng, s.gender, birthYear);
    const tags = new Set<CareTag>(s.tags);
    if (s.age >= 80) tags.add("elderly_80_plus");
    if (hardship) tags.add("hardship");
    const disabilityRate = s.age < 18 ? 0.005 : s.age < 60 ? 0.015 : s.age < 80 ? 0.04 : 0.09;
    if (rng.chance(disabilityRate)) tags.add("disability");
    const relation: Relation = rented ? "tenant" : s.role === "head" ? "owner" : "family";
    // PIPL Art. 28/31: no phone or ID number is kept for children under 14
    const adult = ageOn(birthDate, today)! >= 14;
    const phoneRate = s.age < 18 ? 0.5 : s.age < 80 ? 0.96 : 0.6;
    const phone = adult && rng.chance(phoneRate) ? ctx.nextPhone() : null;
    const idNumber =
      s.age >= 16 && rng.chance(ctx.idShare)
        ? drawIdNumber(rng, ctx.homeArea, birthDate, s.gender, ctx.usedIds)
        : null;
    return { name, gender: s.gender, birthDate, age: s.age, relation, careTags: [...tags], phone, idNumber };
  });
}
