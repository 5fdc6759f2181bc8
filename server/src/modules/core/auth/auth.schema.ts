import { z } from "zod";
import { patchBody } from "../../../http/patch.ts";

// Mainland China mobile numbers (11 digits, 1[3-9]…).
export const ZPhone = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, "手机号应为11位数字 / an 11-digit mobile number");
export const ZPassword = z.string().min(8, "密码至少8位 / at least 8 characters").max(128);
export const ZName = z.string().trim().min(1).max(40);

export const ZRequestCode = z.object({ phone: ZPhone, purpose: z.enum(["sign_in", "register"]) });
export const ZRegister = z.object({
  phone: ZPhone,
  password: ZPassword,
  name: ZName,
  code: z.string().regex(/^\d{6}$/),
});
export const ZSignIn = z
  .object({
    phone: ZPhone,
    password: z.string().min(1).max(128).optional(),
    code: z
      .string()
      .regex(/^\d{6}$/, "验证码为6位数字 / a 6-digit code")
      .optional(),
  })
  .refine((v) => (v.password === undefined) !== (v.code === undefined), {
    message: "请填写密码或验证码之一 / give either a password or a code",
    path: ["password"],
  });
export const ZPreferences = patchBody({
  locale: z.enum(["zh-CN", "en"]).optional(),
  elderlyMode: z.boolean().optional(),
});

export const ZMe = z
  .object({
    id: z.number(),
    name: z.string(),
    phone: z.string().describe("masked"),
    locale: z.enum(["zh-CN", "en"]),
    elderlyMode: z
      .boolean()
      .describe(
        "the mode the resident pages open in: the person's own choice, else on for a verified resident aged 60 or more (适老化)",
      ),
    elderlyModeChosen: z
      .boolean()
      .describe("elderlyMode is the person's own choice (else it is the default by age, or off)"),
    roles: z.array(
      z.object({
        role: z.string(),
        scopeType: z.string(),
        scopeCommunityId: z.number().nullable(),
        scopeId: z.number().nullable(),
        scopeName: z.string().nullable(),
        permissions: z
          .array(z.string())
          .describe(
            "what this role may do (the modules' policies): the pages show or hide buttons and menus by it; the server still checks each call and its place",
          ),
      }),
    ),
    residencies: z.array(
      z.object({
        communityId: z.number(),
        communityName: z.string(),
        residentId: z.number(),
        householdId: z.number().nullable(),
        status: z.string(),
      }),
    ),
  })
  .meta({ id: "Me" });
export type TMe = z.infer<typeof ZMe>;
