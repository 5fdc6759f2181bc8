// The public-text masker (published requests, the claim board): the numbers and names people type into
// a report, masked; everything else kept. Properties with fast-check: no mobile number survives, in any
// spelling people type, and no name of the list survives.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskName, maskPhone, maskPublicText, nameList } from "./pii.present.ts";

const MOBILE = /(?<!\d)1[ －-]?[3-9](?:[ －-]?\d){9}(?!\d)/;

describe("maskPublicText: numbers", () => {
  it("masks mainland mobiles however they are written", () => {
    expect(maskPublicText("有事打13812345678找我")).toBe("有事打138****5678找我");
    expect(maskPublicText("电话 138 1234 5678。")).toBe("电话 138****5678。");
    // "电话" before a number with its country code: the mobile is masked whole (found by the property below)
    expect(maskPublicText("1电话+8613000-000000")).toBe("1电话+86 130****0000");
    expect(maskPublicText("138-1234-5678")).toBe("138****5678");
    expect(maskPublicText("call +86 13812345678")).toBe("call +86 138****5678");
    expect(maskPublicText("0086-13812345678")).toBe("0086 138****5678");
    // typed with a Chinese input method
    expect(maskPublicText("手机：１３８１２３４５６７８")).toBe("手机：138****5678");
  });

  it("masks landlines with their area code, and a local number the text calls a phone", () => {
    expect(maskPublicText("物业电话027-87654321")).toBe("物业电话027-****4321");
    expect(maskPublicText("（027）87654321")).toBe("027-****4321");
    expect(maskPublicText("010 6543210 转")).toBe("010-***3210 转");
    expect(maskPublicText("请拨打 87654321")).toBe("请拨打 ****4321");
    expect(maskPublicText("座机:6543210")).toBe("座机:***3210");
    expect(maskPublicText("Tel 87654321")).toBe("Tel ****4321");
  });

  it("masks ID numbers (18 with X, and 15 digits), e-mail addresses and other long digit runs", () => {
    expect(maskPublicText("身份证420106199001011234")).toBe("身份证4201**********1234");
    expect(maskPublicText("身份证42010619900101123X号")).toBe("身份证4201**********123X号");
    expect(maskPublicText("老证420106900101123")).toBe("老证4201*******1123");
    expect(maskPublicText("邮箱 wang.ming@example.com 联系")).toBe("邮箱 w***@example.com 联系");
    expect(maskPublicText("13812345678@qq.com")).toBe("1***@qq.com");
    expect(maskPublicText("卡号6222021234567890123")).toBe("卡号622************0123");
    expect(maskPublicText("卡号6222 0212 3456 7890 123")).toBe("卡号622************0123");
    // a phone glued to other digits by dashes is part of one long number, masked whole (found by the
    // property below: a mobile-looking prefix "1400-0086130" used to be masked alone, the phone left)
    expect(maskPublicText("1400-0086130-00000000")).toBe("140************0000");
  });

  it("keeps what is not personal: dates, times, amounts, rooms and short numbers", () => {
    for (const text of [
      "2026-12-04 10:30 北门路灯不亮",
      "3栋2单元楼道灯坏了三天",
      "维修费1500元，共12户",
      "20261204",
      "编号 1042",
      "温度 -5 度",
      "",
    ])
      expect(maskPublicText(text)).toBe(text);
  });

  it("leaves no mobile number in any spelling, wherever it stands (property)", () => {
    const sep = fc.constantFrom("", "", "", " ", "-", "－");
    const mobile = fc
      .tuple(
        fc.constantFrom(..."3456789"),
        fc.array(fc.constantFrom(..."0123456789"), { minLength: 9, maxLength: 9 }),
      )
      .map(([second, rest]) => `1${second}${rest.join("")}`);
    const spelled = fc
      .tuple(
        mobile,
        fc.array(sep, { minLength: 10, maxLength: 10 }),
        fc.constantFrom("", "+86 ", "0086", "+86"),
      )
      .map(([m, seps, prefix]) => prefix + [...m].map((d, i) => (i === 0 ? d : seps[i - 1] + d)).join(""));
    // anything around it, digits included, but not glued to it (then it is a longer number: 1381234567890)
    const around = fc.string({
      unit: fc.constantFrom(..."0123456789 -－电话手机号码：:,。abcX@.（）()张王李"),
      maxLength: 12,
    });
    const before = around.filter((s) => !/\d$/.test(s));
    const after = around.filter((s) => !/^\d/.test(s));
    fc.assert(
      fc.property(before, spelled, after, (a, phone, b) => {
        const out = maskPublicText(`${a}${phone}${b}`);
        expect(out).not.toMatch(MOBILE);
        expect(out.replace(/\D/g, "")).not.toContain(phone.replace(/\D/g, "").slice(-11));
      }),
      { numRuns: 2000 },
    );
  });

  it("finds nothing more to mask in its own answer, for any text (property)", () => {
    const text = fc.string({ unit: fc.constantFrom(..."0123456789 -－()（）+X电话拨打a@.b"), maxLength: 40 });
    fc.assert(
      fc.property(text, (t) => {
        const once = maskPublicText(t);
        expect(maskPublicText(once)).toBe(once);
        expect(once).not.toMatch(MOBILE);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("maskPublicText: names", () => {
  const names = nameList(["王小明", "李娜", "欧阳娜娜", "Anna Li", "Ann", "张", "", null]);

  it("masks the names of the list as 姓某, longest first, and other names by their first letter", () => {
    expect(maskPublicText("3栋王小明家每晚很吵，李娜也反映过", names)).toBe(
      "3栋王某家每晚很吵，李某也反映过",
    );
    expect(maskPublicText("联系欧阳娜娜 13812345678", names)).toBe("联系欧阳某 138****5678");
    expect(maskPublicText("ask Anna Li or ann", names)).toBe("ask A*** or a***");
    // not inside another word, and a single character is never a name to mask
    expect(maskPublicText("Announcement 张先生", names)).toBe("Announcement 张先生");
  });

  it("masks a name in the same way as maskName, and masks phones as maskPhone", () => {
    expect(maskName("王小明")).toBe("王某");
    expect(maskName("司马光明")).toBe("司马某");
    expect(maskName("司马")).toBe("司某");
    expect(maskPublicText("13912345678")).toBe(maskPhone("13912345678"));
  });

  it("leaves no name of the list in the text (property)", () => {
    const han = fc.constantFrom(
      ..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗明华伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛超",
    );
    const name = fc.string({ unit: han, minLength: 2, maxLength: 3 });
    const filler = fc.string({ unit: fc.constantFrom(..."楼道灯坏了，家门口有垃圾。请 3栋"), maxLength: 10 });
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 5 }), filler, filler, (ns, a, b) => {
        const list = nameList(ns);
        const out = maskPublicText(`${a}${ns.join("和")}${b}`, list);
        for (const n of ns) expect(out).not.toContain(n);
      }),
      { numRuns: 1000 },
    );
  });
});
