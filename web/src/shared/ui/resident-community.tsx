// Which community a resident page is about: the resident's own (verified) community by default,
// any community for public pages (the claim board, the opinion box, the figures board). The choice
// is remembered on the device.
import { Cascader, type CascaderOption } from "antd-mobile";
import { DownOutline } from "antd-mobile-icons";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { useDivisions } from "../api/divisions";
import { useMe } from "../api/session";
import type { Division } from "../api/types";

const KEY = "linli.m.community";

export interface CommunityPlace {
  id: number;
  name: string;
  streetId: number | null;
  streetName: string;
  districtName: string;
}

function stored(): number | null {
  try {
    const v = Number(localStorage.getItem(KEY));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

export function findCommunity(divisions: Division[] | undefined, id: number | null): CommunityPlace | null {
  if (id == null) return null;
  for (const d of divisions ?? [])
    for (const s of d.streets)
      for (const c of s.communities)
        if (c.id === id)
          return { id, name: c.name, streetId: s.id, streetName: s.name, districtName: d.name };
  return null;
}

/**
 * The community of the page: the one chosen on this device, else the resident's verified
 * community, else none (the page then asks to choose one).
 */
export function useResidentCommunity() {
  const me = useMe();
  const divisions = useDivisions();
  const [chosen, setChosen] = useState<number | null>(stored);
  const mine = useMemo(
    () =>
      (me.data?.residencies ?? [])
        .filter((r) => r.status === "verified")
        .map((r) => ({ id: r.communityId, name: r.communityName, householdId: r.householdId })),
    [me.data],
  );
  const id = chosen ?? mine[0]?.id ?? null;
  const place = findCommunity(divisions.data, id);
  const name = place?.name ?? mine.find((m) => m.id === id)?.name ?? null;
  const choose = useCallback((next: number) => {
    setChosen(next);
    try {
      localStorage.setItem(KEY, String(next));
    } catch {
      // remembered for this visit only
    }
  }, []);
  return {
    communityId: id,
    communityName: name,
    place,
    mine,
    isMine: mine.some((m) => m.id === id),
    ready: !me.isPending,
    setCommunityId: choose,
  };
}

/**
 * A link may name the community to show (`?community=…`, from "my claims" or a notification): it is
 * chosen once and the parameter is dropped from the address.
 */
export function useCommunityFromLink(setCommunityId: (id: number) => void) {
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get("community"));
  useEffect(() => {
    if (Number.isInteger(asked) && asked > 0) {
      setCommunityId(asked);
      setParams({}, { replace: true });
    }
  }, [asked, setCommunityId, setParams]);
}

function options(divisions: Division[]): CascaderOption[] {
  return divisions
    .map((d) => ({
      label: d.name,
      value: `d${d.id}`,
      children: d.streets
        .filter((s) => s.communities.length > 0)
        .map((s) => ({
          label: s.name,
          value: `s${s.id}`,
          children: s.communities.map((c) => ({ label: c.name, value: `c${c.id}` })),
        })),
    }))
    .filter((d) => d.children.length > 0);
}

/** "东龙社区 ▾": tap to choose another community (district → street → community). */
export function CommunityChooser(props: { name: string | null; onChange: (id: number) => void }) {
  const { t } = useTranslation();
  const divisions = useDivisions();
  const [open, setOpen] = useState(false);
  const opts = useMemo(() => options(divisions.data ?? []), [divisions.data]);
  return (
    <>
      <button
        type="button"
        className="m-community"
        onClick={() => setOpen(true)}
        data-testid="community-chooser"
      >
        <span>{props.name ?? t("voiceCommon.chooseCommunity")}</span>
        <DownOutline />
      </button>
      <Cascader
        options={opts}
        visible={open}
        title={t("voiceCommon.chooseCommunity")}
        onClose={() => setOpen(false)}
        onConfirm={(v) => {
          const last = String(v[v.length - 1] ?? "");
          if (last.startsWith("c")) props.onChange(Number(last.slice(1)));
        }}
      />
    </>
  );
}
