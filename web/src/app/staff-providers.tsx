import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import type { ReactNode } from "react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";

const theme = {
  token: {
    colorPrimary: "#c8102e",
    colorLink: "#c8102e",
    borderRadius: 6,
    // WCAG 2.1 AA (1.4.3): antd's secondary text (0.45 black, #8c8c8c) reads 3.4:1 on white and 3.3:1 on
    // the console's grey; these give ≥ 4.5:1 on both
    colorTextDescription: "rgba(0, 0, 0, 0.65)",
    colorTextTertiary: "rgba(0, 0, 0, 0.62)",
    colorTextPlaceholder: "rgba(0, 0, 0, 0.56)",
    // Typography's success/warning/error text (antd: #52c41a, #faad14, #ff4d4f) reads 2–3.3:1 on white
    colorSuccessText: "#237804",
    colorWarningText: "#874d00",
    colorErrorText: "#cf1322",
    // danger buttons and error marks: antd's #ff4d4f reads 3.3:1 on white
    colorError: "#cf1322",
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    Layout: { siderBg: "#1d1f24", triggerBg: "#16181c", headerBg: "#ffffff", headerPadding: "0 24px" },
    // a selected row keeps its red links readable (antd's hover shade of the primary reads 3.4:1)
    Table: { rowSelectedBg: "#fff1f0", rowSelectedHoverBg: "#ffe4e1" },
    Breadcrumb: {
      itemColor: "rgba(0, 0, 0, 0.65)",
      linkColor: "rgba(0, 0, 0, 0.65)",
      separatorColor: "rgba(0, 0, 0, 0.6)",
      lastItemColor: "rgba(0, 0, 0, 0.88)",
    },
    Menu: { darkItemBg: "#1d1f24", darkSubMenuItemBg: "#16181c", darkItemSelectedBg: "#c8102e" },
    // a list's empty text is drawn in the disabled colour (#bfbfbf, 1.8:1 on white): axe found it on the life
    // circle's empty gap list; the tertiary text colour reads ≥ 4.5:1
    List: { colorTextDisabled: "rgba(0, 0, 0, 0.62)" },
  },
};

/** antd in the language of the page (zh-CN by default), with the Linli theme. */
export function StaffProviders(props: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const english = i18n.language === "en";
  useEffect(() => {
    dayjs.locale(english ? "en" : "zh-cn");
  }, [english]);
  return (
    <ConfigProvider locale={english ? enUS : zhCN} theme={theme}>
      <AntApp>{props.children}</AntApp>
    </ConfigProvider>
  );
}
