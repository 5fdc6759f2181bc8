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
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    Layout: { siderBg: "#1d1f24", triggerBg: "#16181c", headerBg: "#ffffff", headerPadding: "0 24px" },
    Menu: { darkItemBg: "#1d1f24", darkSubMenuItemBg: "#16181c", darkItemSelectedBg: "#c8102e" },
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
