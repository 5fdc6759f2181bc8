// Plausible Chinese names for generated demo people, shops and companies. Surnames follow the
// national frequency list (per mille of the population, rounded), with a few surnames common in
// Hubei (胡 余 熊 万 汪 涂 喻 柯 聂) weighted up; given names follow the fashions of the birth cohort.
import { type Rng, WeightedTable } from "./demo-random.ts";

const SURNAMES: [string, number][] = [
  ["王", 71],
  ["李", 70],
  ["张", 67],
  ["刘", 51],
  ["陈", 46],
  ["杨", 32],
  ["黄", 25],
  ["赵", 22],
  ["吴", 21],
  ["周", 20],
  ["徐", 17],
  ["孙", 15],
  ["马", 14],
  ["朱", 13],
  ["胡", 20],
  ["郭", 12],
  ["何", 12],
  ["林", 11],
  ["高", 11],
  ["罗", 11],
  ["郑", 10],
  ["梁", 10],
  ["谢", 8],
  ["宋", 8],
  ["唐", 8],
  ["许", 7],
  ["韩", 7],
  ["邓", 7],
  ["冯", 7],
  ["曹", 7],
  ["彭", 8],
  ["曾", 7],
  ["肖", 7],
  ["田", 6],
  ["董", 6],
  ["潘", 6],
  ["袁", 6],
  ["蔡", 6],
  ["蒋", 5],
  ["余", 9],
  ["于", 5],
  ["杜", 5],
  ["叶", 5],
  ["程", 6],
  ["魏", 5],
  ["苏", 5],
  ["吕", 5],
  ["丁", 5],
  ["任", 5],
  ["卢", 4],
  ["姚", 4],
  ["沈", 4],
  ["钟", 4],
  ["姜", 4],
  ["崔", 4],
  ["谭", 4],
  ["陆", 4],
  ["范", 4],
  ["汪", 6],
  ["廖", 4],
  ["石", 4],
  ["金", 3],
  ["贾", 3],
  ["夏", 4],
  ["付", 3],
  ["方", 3],
  ["邹", 3],
  ["熊", 6],
  ["白", 3],
  ["孟", 3],
  ["秦", 3],
  ["邱", 3],
  ["侯", 3],
  ["江", 3],
  ["尹", 3],
  ["薛", 3],
  ["闫", 2],
  ["段", 2],
  ["雷", 3],
  ["龙", 2],
  ["黎", 2],
  ["史", 2],
  ["陶", 2],
  ["贺", 2],
  ["毛", 2],
  ["郝", 2],
  ["顾", 2],
  ["龚", 2],
  ["邵", 2],
  ["万", 4],
  ["覃", 2],
  ["钱", 2],
  ["戴", 2],
  ["严", 2],
  ["孔", 2],
  ["向", 2],
  ["常", 2],
  ["涂", 3],
  ["喻", 2],
  ["柯", 2],
  ["聂", 2],
  ["鲁", 1],
  ["舒", 1],
  ["梅", 1],
  ["祝", 1],
];
const surnameTable = new WeightedTable(SURNAMES);

export function drawSurname(rng: Rng): string {
  return surnameTable.draw(rng);
}

export type Gender = "male" | "female";

interface Fashion {
  /** Share of one-character given names. */
  single: number;
  singles: string;
  firsts: string;
  seconds: string;
}

// Given names by birth cohort: before 1960, 1960–79, 1980–99, 2000 on.
const FASHIONS: Record<Gender, Fashion[]> = {
  male: [
    {
      single: 0.1,
      singles: "明华强林山忠福成贵海",
      firsts: "建国德志文永振家世正立金玉福明庆长宝学新荣卫",
      seconds: "国华明生强民林平福成山清荣军伟忠祥才发贵海东",
    },
    {
      single: 0.35,
      singles: "伟勇军斌强涛刚波辉杰磊峰鹏毅锋超明亮",
      firsts: "建卫志晓海红国小永东新长俊文春",
      seconds: "军平东刚涛斌兵华明峰林勇波辉伟强杰忠",
    },
    {
      single: 0.25,
      singles: "磊鹏超杰浩涛勇亮宇强斌龙飞凯洋帆阳",
      firsts: "俊志文晓宇家子浩鹏明振建天少嘉博海",
      seconds: "杰强峰伟宇鹏涛辉斌超磊飞龙洋浩凯翔楠阳帆",
    },
    {
      single: 0.08,
      singles: "睿轩宇航浩泽辰",
      firsts: "子浩梓宇俊皓一奕沐铭博睿思嘉家泽锦逸明承",
      seconds: "轩宇豪辰熙泽睿航涵阳铭杰博晨然凯安川霖毅",
    },
  ],
  female: [
    {
      single: 0.1,
      singles: "英兰珍芳华梅琴",
      firsts: "秀桂玉淑凤翠春金素月美兰爱菊银彩",
      seconds: "英兰珍芳华芬梅凤琴云莲香娥花荣娟",
    },
    {
      single: 0.35,
      singles: "红丽敏燕霞萍静芳娟玲慧莉艳",
      firsts: "红丽晓春海雪建美小秀玉彩爱",
      seconds: "梅燕霞萍芳华丽英红琴玲敏娟莉云",
    },
    {
      single: 0.25,
      singles: "婷静丹倩雪琳晶颖洁敏莹璐蕾萌",
      firsts: "婷晓佳雅思欣雨文梦丽静春诗慧凤",
      seconds: "婷琳雪倩娟丹莹静颖洁丽玲敏佳晶萍燕慧璐蕾",
    },
    {
      single: 0.08,
      singles: "萱彤琪瑶妍",
      firsts: "欣梓诗一雨子可语思佳若雅紫梦依星沐芷悦安",
      seconds: "怡涵萱诺桐馨彤琪瑶妍然晴琳宁汐菲悦雯希玥",
    },
  ],
};

const chars = (s: string) => [...s];

/** A given name in the fashion of the year of birth. */
export function drawGivenName(rng: Rng, gender: Gender, birthYear: number): string {
  const cohort = birthYear < 1960 ? 0 : birthYear < 1980 ? 1 : birthYear < 2000 ? 2 : 3;
  const f = FASHIONS[gender][cohort]!;
  if (rng.chance(f.single)) return rng.pick(chars(f.singles));
  const first = rng.pick(chars(f.firsts));
  let second = rng.pick(chars(f.seconds));
  // doubled characters (婷婷, 明明) are common for girls, rare otherwise
  if (second === first && !(gender === "female" && cohort >= 2)) second = rng.pick(chars(f.seconds));
  return first + second;
}

export function drawPersonName(
  rng: Rng,
  gender: Gender,
  birthYear: number,
  surname = drawSurname(rng),
): string {
  return surname + drawGivenName(rng, gender, birthYear);
}

const SHOP_PREFIXES = chars("惠福兴佳鑫百万益乐康仁和美顺金鸿华旺隆汇丰新天宏家安").flatMap((a) =>
  chars("民满隆佳鑫家福和康泰利源盛达兴").map((b) => a + b),
);
const SHOP_OWNER_STYLE = ["记", "家", "姐", "哥", "师傅", "嫂"];
const SHOP_KINDS: [string, number][] = [
  ["便利店", 8],
  ["超市", 5],
  ["热干面馆", 4],
  ["面馆", 4],
  ["早餐店", 4],
  ["豆皮馆", 2],
  ["餐馆", 6],
  ["小吃店", 4],
  ["火锅店", 3],
  ["烧烤店", 2],
  ["卤味店", 2],
  ["水果店", 5],
  ["生鲜店", 3],
  ["粮油店", 2],
  ["药房", 4],
  ["诊所", 2],
  ["理发店", 4],
  ["美容院", 3],
  ["五金店", 2],
  ["干洗店", 2],
  ["奶茶店", 4],
  ["蛋糕店", 2],
  ["烘焙坊", 2],
  ["文具店", 1],
  ["书店", 1],
  ["花店", 2],
  ["宠物店", 2],
  ["母婴店", 2],
  ["服装店", 4],
  ["鞋店", 1],
  ["眼镜店", 1],
  ["手机店", 2],
  ["家电维修", 1],
  ["开锁店", 1],
  ["快递驿站", 2],
  ["培训学校", 2],
  ["健身房", 1],
  ["茶馆", 1],
  ["棋牌室", 1],
  ["家政服务", 1],
  ["房产中介", 2],
  ["汽车美容", 1],
  ["电动车行", 1],
  ["烟酒店", 2],
  ["装饰材料", 1],
];
const shopKinds = new WeightedTable(SHOP_KINDS);

/** `count` distinct shop names, some at the 万达 business district the Lvzhou article names. */
export function drawShopNames(rng: Rng, count: number, place: string): string[] {
  const names = new Set<string>();
  const branches = [`（${place}店）`, "（万达店）", "（二店）", "（总店）"];
  while (names.size < count) {
    const kind = shopKinds.draw(rng);
    const style = rng.next();
    let name: string;
    if (style < 0.35) name = `${drawSurname(rng)}${rng.pick(SHOP_OWNER_STYLE)}${kind}`;
    else if (style < 0.85) name = `${rng.pick(SHOP_PREFIXES)}${kind}`;
    else name = `${place}${kind}`;
    if (names.has(name)) name += rng.pick(branches);
    names.add(name);
  }
  return [...names];
}

const COMPANY_WORDS = [
  "安居",
  "恒信",
  "楚天",
  "金盾",
  "华庭",
  "和美",
  "长江",
  "锦程",
  "嘉禾",
  "鑫源",
  "丰泽",
  "明珠",
  "康城",
  "宏泰",
  "佳园",
  "福润",
  "瑞丰",
  "银海",
  "东湖",
  "同创",
  "万家",
  "诚信",
  "祥和",
  "锦绣",
  "盛世",
  "龙湖",
  "金桥",
  "保利",
  "中天",
  "华宇",
  "晨光",
  "恒大",
  "天成",
  "德润",
  "绿源",
  "新港",
  "景华",
  "汉江",
  "美景",
  "阳光",
];

/** A property management company's name, e.g. 武汉恒信物业服务有限公司. */
export function drawPropertyCompanyName(rng: Rng, city: string, taken: Set<string>): string {
  const prefix = city.replace(/市$/, "");
  // one brand per city (两家“武汉恒信” would look like a typo); numbered once the brands run out
  for (let attempt = 0; ; attempt++) {
    const brand = `${prefix}${rng.pick(COMPANY_WORDS)}${attempt > 200 ? attempt : ""}`;
    if (!taken.has(brand)) {
      taken.add(brand);
      return `${brand}${rng.chance(0.7) ? "物业服务" : "物业管理"}有限公司`;
    }
  }
}
