import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import { DEMO_PASSWORD } from "../../../demo/demo-accounts.ts";
import { AppError } from "../../../errors.ts";

// Strength is estimated by zxcvbn (its common-password, keyboard, repeat, sequence and date matchers),
// not by character-class rules: "Aa123456!" passes those and is among the most guessed passwords.
// Score 3 = "safely unguessable" against an online attacker and a slow hash (argon2id) offline.
const MIN_SCORE = 3;

// Pinyin and place words a guesser tries first against a Chinese community site.
const LOCAL_WORDS = [
  "woaini",
  "woaini1314",
  "5201314",
  "1314520",
  "520520",
  "mima",
  "mimamima",
  "linli",
  "linlidemo",
  "shequ",
  "wuhan",
  "wuchang",
  "yichang",
  "lvzhou",
  "donglong",
  "kuangshan",
  "zhonghua",
  "aini1314",
];

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, local: LOCAL_WORDS },
  graphs: common.adjacencyGraphs,
});

const WEAK = {
  zh: "密码太容易被猜到。请用至少8位、不易猜的组合，例如两三个词加数字或符号（如“春天-桂花-2026”的拼音）；不要用手机号、生日、姓名、连续或重复的字符（如12345678、aaaaaaaa）。",
  en: "This password is too easy to guess. Use at least 8 characters that are hard to guess, e.g. two or three words with a number or symbol; not your phone number, birthday, name, or a run or repeat of characters (such as 12345678 or aaaaaaaa).",
};

/**
 * Refuses a password that is easy to guess: zxcvbn below score 3, one that contains the phone number,
 * and the demo accounts' published password outside the demo.
 */
export async function assertStrongPassword(
  password: string,
  about: { phone: string; name?: string; demo: boolean },
): Promise<void> {
  if (password.includes(about.phone) || password.includes(about.phone.slice(-8))) {
    throw new AppError("VALIDATION", {
      zh: "密码不能包含手机号。",
      en: "The password must not contain the phone number.",
      details: [{ field: "password", message: "密码不能包含手机号 / must not contain the phone number" }],
    });
  }
  if (!about.demo && password === DEMO_PASSWORD) {
    throw new AppError("VALIDATION", {
      zh: "这是演示账号的公开密码，请换一个。",
      en: "This is the demo accounts' published password; choose another.",
      details: [
        { field: "password", message: "这是演示账号的公开密码 / the demo accounts' published password" },
      ],
    });
  }
  const inputs = [about.phone, ...(about.name ? [about.name] : [])];
  const result = await zxcvbn.check(password, inputs);
  if (result.score < MIN_SCORE) {
    throw new AppError("VALIDATION", {
      ...WEAK,
      details: [{ field: "password", message: "密码太容易被猜到 / too easy to guess" }],
    });
  }
}
