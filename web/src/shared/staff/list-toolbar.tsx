// The staff lists' conventions, after Ant Design Pro's ProTable (whose stable release does not work
// with antd 6, see docs/staff-guide.md): a search bar (keyword, date range, the filters the columns
// imply — each with an accessible name), column settings kept per list on this computer, keyset
// paging kept in the URL, an export button, and a bar for actions on the selected rows.
import { DownloadOutlined, LeftOutlined, RightOutlined, SettingOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Flex,
  Input,
  Popover,
  Select,
  Space,
  Switch,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../api/client";
import { type DownloadQuery, downloadFile } from "./download";
import type { ListParams } from "./list-state";

/** The search bar above a list: a landmark named for screen readers, filters wrapping on narrow screens. */
export function ListToolbar(props: { children: ReactNode; extra?: ReactNode; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Flex align="center" gap={8} wrap className="s-list-toolbar" style={{ marginBottom: 12 }}>
      <Flex
        wrap
        gap={8}
        align="center"
        role="search"
        aria-label={t("staffList.filters")}
        data-testid={props.testId}
      >
        {props.children}
      </Flex>
      {props.extra && (
        <Space wrap size={8} style={{ marginInlineStart: "auto" }}>
          {props.extra}
        </Space>
      )}
    </Flex>
  );
}

/** The keyword, searched on Enter or with the button; kept in the URL as `param` (default q). */
export function KeywordFilter(props: {
  list: ListParams;
  param?: string;
  placeholder?: string;
  width?: number;
  testId?: string;
}) {
  const { t } = useTranslation();
  const param = props.param ?? "q";
  const current = props.list.str(param) ?? "";
  const [text, setText] = useState(current);
  useEffect(() => setText(current), [current]);
  const placeholder = props.placeholder ?? t("staffList.keywordPlaceholder");
  return (
    <Input.Search
      allowClear
      value={text}
      onChange={(e) => setText(e.target.value)}
      onSearch={(v) => props.list.set({ [param]: v.trim() || null })}
      placeholder={placeholder}
      aria-label={`${t("staffList.keyword")}：${placeholder}`}
      enterButton={t("staffList.search")}
      maxLength={60}
      style={{ width: props.width ?? 280 }}
      data-testid={props.testId ?? "filter-keyword"}
    />
  );
}

/** A day of the URL as the picker's value; nothing for what is not a day (a URL may say anything). */
const asDay = (v: string | undefined) =>
  v && /^\d{4}-\d{2}-\d{2}$/.test(v) && dayjs(v).isValid() ? dayjs(v) : null;

/** A range of days, kept in the URL as from/to (YYYY-MM-DD, both ends included). */
export function DateRangeFilter(props: { list: ListParams; from?: string; to?: string; label?: string }) {
  const { t } = useTranslation();
  const fromKey = props.from ?? "from";
  const toKey = props.to ?? "to";
  const from = props.list.str(fromKey);
  const to = props.list.str(toKey);
  const label = props.label ?? t("staffList.dateRange");
  return (
    <span data-testid="filter-dates" title={label}>
      <DatePicker.RangePicker
        value={[asDay(from), asDay(to)]}
        allowEmpty={[true, true]}
        placeholder={[t("staffList.dateFrom"), t("staffList.dateTo")]}
        format="YYYY-MM-DD"
        onChange={(_, [f, tt]) => props.list.set({ [fromKey]: f || null, [toKey]: tt || null })}
        style={{ width: 250 }}
      />
    </span>
  );
}

/** A select filter with its accessible name (the placeholder names it for sighted users). */
export function SelectFilter<V extends string | number>(props: {
  label: string;
  value: V | undefined;
  onChange: (v: V | undefined) => void;
  options: { value: V; label: ReactNode }[];
  width?: number;
  testId?: string;
}) {
  return (
    <Select<V>
      allowClear
      aria-label={props.label}
      placeholder={props.label}
      style={{ width: props.width ?? 140 }}
      value={props.value}
      onChange={(v) => props.onChange(v ?? undefined)}
      options={props.options}
      showSearch={props.options.length > 8 ? { optionFilterProp: "label" } : undefined}
      data-testid={props.testId}
    />
  );
}

/** An on/off filter: a switch named by its visible label. */
export function SwitchFilter(props: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  testId?: string;
}) {
  return (
    <Space size={6}>
      <Switch
        checked={props.checked}
        onChange={props.onChange}
        aria-label={props.label}
        data-testid={props.testId}
      />
      <span aria-hidden="true">{props.label}</span>
    </Space>
  );
}

/** A column of a staff list: a `key` for the column settings, and its name there when the title is not text. */
export type StaffColumn<T> = ColumnsType<T>[number] & { key: string; settingsTitle?: string };

const columnsKey = (list: string) => `linli.staff.columns.${list}`;

/** The columns hidden in this list on this computer, or null when never chosen. */
function storedHidden(list: string): string[] | null {
  try {
    const raw = localStorage.getItem(columnsKey(list));
    if (raw == null) return null;
    const v = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x) => typeof x === "string") : null;
  } catch {
    return null;
  }
}

/**
 * Column settings (列设置): which columns a list shows, chosen in a popover and kept for this list
 * on this computer. Columns need a `key`; their title (or `settingsTitle`) names them in the popover.
 */
export function useColumnSettings<T>(list: string, columns: StaffColumn<T>[], defaultHidden: string[] = []) {
  const { t } = useTranslation();
  const [hidden, setHidden] = useState<string[]>(() => storedHidden(list) ?? defaultHidden);
  const save = (next: string[]) => {
    setHidden(next);
    try {
      localStorage.setItem(columnsKey(list), JSON.stringify(next));
    } catch {
      // kept for this visit only
    }
  };
  const titleOf = (c: StaffColumn<T>) => c.settingsTitle ?? (typeof c.title === "string" ? c.title : c.key);
  const shown = useMemo(() => columns.filter((c) => !hidden.includes(c.key)), [columns, hidden]);
  const button = (
    <Popover
      trigger="click"
      placement="bottomRight"
      title={t("staffList.columnsTitle")}
      content={
        <Flex vertical gap={6} data-testid={`columns-${list}`}>
          {columns.map((c) => (
            <Checkbox
              key={c.key}
              checked={!hidden.includes(c.key)}
              onChange={(e) =>
                save(e.target.checked ? hidden.filter((k) => k !== c.key) : [...hidden, c.key])
              }
            >
              {titleOf(c)}
            </Checkbox>
          ))}
          <Button
            size="small"
            type="link"
            onClick={() => save(defaultHidden)}
            style={{ alignSelf: "flex-start" }}
          >
            {t("staffList.columnsReset")}
          </Button>
        </Flex>
      }
    >
      <Button icon={<SettingOutlined />} aria-label={t("staffList.columns")} data-testid="column-settings">
        {t("staffList.columns")}
      </Button>
    </Popover>
  );
  return { columns: shown as ColumnsType<T>, button };
}

/** Previous / page n / next for keyset-paged lists (the position is in the URL: useCursorParams). */
export function CursorPager(props: {
  page: number;
  hasNext: boolean;
  onPrev: () => void;
  onNext: () => void;
  loading?: boolean;
}) {
  const { t } = useTranslation();
  if (props.page === 1 && !props.hasNext) return null;
  return (
    <nav aria-label={t("staffList.pageNo", { page: props.page })}>
      <Flex justify="flex-end" align="center" gap={12} style={{ marginTop: 12 }} data-testid="cursor-pager">
        <Button icon={<LeftOutlined />} disabled={props.page <= 1} onClick={props.onPrev}>
          {t("staffList.prevPage")}
        </Button>
        <Typography.Text>{t("staffList.pageNo", { page: props.page })}</Typography.Text>
        <Button disabled={!props.hasNext} loading={props.loading} onClick={props.onNext}>
          {t("staffList.nextPage")} <RightOutlined />
        </Button>
      </Flex>
    </nav>
  );
}

/** 导出 Excel: downloads the list's file with its filters, and says how many rows it holds. */
export function ExportButton(props: {
  path: string;
  query?: DownloadQuery;
  fallbackName: string;
  label?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const run = useMutation({
    mutationFn: () => downloadFile(props.path, props.query, props.fallbackName),
    onSuccess: (r) => {
      if (r.truncated) message.warning(t("staffList.exportTruncated", { count: r.rows ?? 0 }));
      else if (r.rows == null) message.success(t("staffList.downloaded"));
      else message.success(t("staffList.exported", { count: r.rows }));
    },
    onError: (err) => message.error(describeError(err)),
  });
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={run.isPending}
      onClick={() => run.mutate()}
      data-testid={props.testId}
    >
      {props.label ?? t("staffList.export")}
    </Button>
  );
}

/** The bar shown while rows are selected: how many, the batch actions, and a way to clear. */
export function SelectionBar(props: { count: number; onClear: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  if (props.count === 0) return null;
  return (
    <Flex
      align="center"
      gap={12}
      wrap
      className="s-selection-bar"
      role="region"
      aria-label={t("staffList.selected", { count: props.count })}
      data-testid="selection-bar"
    >
      <Typography.Text strong>{t("staffList.selected", { count: props.count })}</Typography.Text>
      {props.children}
      <Button type="link" onClick={props.onClear}>
        {t("staffList.clearSelection")}
      </Button>
    </Flex>
  );
}
