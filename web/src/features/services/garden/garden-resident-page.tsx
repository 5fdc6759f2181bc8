// 菜地与认养 (resident, antd-mobile): my lease with its end date and 续租 in its last month; the
// community's plots as cards (code, size, yearly rent, free or leased until …) with 申请 on each — three
// taps from the home screen; my application's state on the card (未通过 with staff's reason, and the
// button to apply again); the trees to adopt (认养) and, for my household's trees, a care record (what was
// done today, an optional photo), the records so far and 结束认养 (the tree is then free for others).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Dialog, ErrorBlock, Tag, TextArea, Toast } from "antd-mobile";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../../shared/api/client";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { useResidentCommunity } from "../../../shared/ui/resident-community";
import {
  addCare,
  adoptTree,
  applyForPlot,
  endAdoption,
  gardenKey,
  type Plot,
  renewLease,
  type Tree,
  todayCn,
  useCare,
  useMyGarden,
  usePlots,
  useTrees,
  yuan,
} from "./garden-api";

function MyLeases(props: { communityId: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const mine = useMyGarden();
  const renew = useMutation({
    mutationFn: (leaseId: number) => renewLease(props.communityId, leaseId),
    onSuccess: (r) => {
      Toast.show({ content: t("garden.renewed", { date: r.endsOn }), icon: "success" });
      void qc.invalidateQueries({ queryKey: ["garden"] });
    },
    onError: (e) => Toast.show({ content: describeError(e) }),
  });
  const leases = (mine.data?.leases ?? []).filter(
    (l) => l.communityId === props.communityId && l.status === "active",
  );
  if (!leases.length) return null;
  return (
    <section className="m-card" aria-labelledby="garden-my-lease" data-testid="garden-my-lease">
      <h2 id="garden-my-lease" style={{ fontSize: 18, margin: "0 0 4px" }}>
        {t("garden.myLease")}
      </h2>
      {leases.map((l) => (
        <div key={l.id} data-testid={`garden-lease-${l.id}`}>
          <p>
            {t("garden.plotCode", { code: l.plotCode })} · {t("garden.rent", { yuan: yuan(l.rentFen) })}
          </p>
          <p>{t("garden.leaseUntil", { from: l.startsOn, to: l.endsOn })}</p>
          {l.renewable ? (
            <Button
              color="primary"
              block
              loading={renew.isPending}
              onClick={() => renew.mutate(l.id)}
              data-testid={`garden-renew-${l.id}`}
            >
              {t("garden.renew")}
            </Button>
          ) : (
            <p className="m-muted">{t("garden.renewHint")}</p>
          )}
        </div>
      ))}
    </section>
  );
}

function PlotCard(props: { p: Plot; onApply: () => void; applying: boolean }) {
  const { t } = useTranslation();
  const p = props.p;
  const mine = p.mine;
  return (
    <section
      className="m-card"
      aria-label={t("garden.plotCode", { code: p.code })}
      data-testid={`plot-${p.code}`}
    >
      <h3 style={{ fontSize: 17, margin: "0 0 4px" }}>{t("garden.plotCode", { code: p.code })}</h3>
      <p>
        {t("garden.size", { m2: p.sizeM2 })} · {t("garden.rent", { yuan: yuan(p.rentFen) })}
      </p>
      {p.note && <p className="m-muted">{p.note}</p>}
      {p.applyUntil && !p.allocated && (
        <p className="m-muted">{t("garden.window", { time: p.applyUntil.slice(0, 10) })}</p>
      )}
      {mine?.lease?.status === "active" ? (
        <Tag color="success">{t("garden.yours")}</Tag>
      ) : p.state === "leased" ? (
        <Tag color="default">{t("garden.leasedUntil", { date: p.leaseEndsOn })}</Tag>
      ) : mine?.applicationStatus === "applied" ? (
        <Tag color="warning" data-testid={`plot-status-${p.code}`}>
          {t("garden.appStatus.applied")}
        </Tag>
      ) : (
        <>
          {mine?.applicationStatus === "rejected" && (
            <p style={{ color: "#b42318" }} data-testid={`plot-rejected-${p.code}`}>
              {t("garden.rejectedReason", { reason: mine.rejectReason ?? "" })}
            </p>
          )}
          <Button
            color="primary"
            size="large"
            block
            loading={props.applying}
            onClick={props.onApply}
            data-testid={`plot-apply-${p.code}`}
          >
            {t("garden.apply")}
          </Button>
        </>
      )}
    </section>
  );
}

function CareForm(props: { communityId: number; tree: Tree }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [what, setWhat] = useState("");
  const [photo, setPhoto] = useState<File | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const care = useCare(props.communityId, props.tree.id);
  const save = useMutation({
    mutationFn: () =>
      addCare(props.communityId, props.tree.id, { doneOn: todayCn(), what: what.trim() }, photo),
    onSuccess: () => {
      Toast.show({ content: t("garden.careSaved"), icon: "success" });
      setWhat("");
      setPhoto(null);
      void qc.invalidateQueries({ queryKey: gardenKey(props.communityId) });
    },
    onError: (e) => Toast.show({ content: describeError(e) }),
  });
  return (
    <div data-testid={`tree-care-${props.tree.code}`}>
      <label htmlFor={`care-what-${props.tree.id}`} className="m-muted">
        {t("garden.careWhat")}
      </label>
      <TextArea
        id={`care-what-${props.tree.id}`}
        value={what}
        onChange={setWhat}
        maxLength={500}
        rows={2}
        placeholder={t("garden.carePlaceholder")}
        data-testid="care-what"
      />
      <Button size="small" onClick={() => input.current?.click()} data-testid="care-photo">
        {photo ? t("garden.photoChosen", { name: photo.name }) : t("garden.addPhoto")}
      </Button>
      <input
        ref={input}
        type="file"
        accept="image/*"
        hidden
        aria-label={t("garden.addPhoto")}
        onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
      />
      <div style={{ height: 8 }} />
      <Button
        color="primary"
        block
        disabled={!what.trim()}
        loading={save.isPending}
        onClick={() => save.mutate()}
        data-testid="care-save"
      >
        {t("garden.careSave")}
      </Button>
      <ul style={{ paddingLeft: 18 }} aria-label={t("garden.careRecords")}>
        {(care.data?.items ?? []).map((c) => (
          <li key={c.id}>
            {c.doneOn} {c.what}
            {c.hasPhoto ? ` · ${t("garden.withPhoto")}` : ""}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Trees(props: { communityId: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const trees = useTrees(props.communityId);
  const adopt = useMutation({
    mutationFn: (treeId: number) => adoptTree(props.communityId, treeId),
    onSuccess: () => {
      Toast.show({ content: t("garden.adopted"), icon: "success" });
      void qc.invalidateQueries({ queryKey: ["garden"] });
    },
    onError: (e) => Toast.show({ content: describeError(e) }),
  });
  const end = useMutation({
    mutationFn: (treeId: number) => endAdoption(props.communityId, treeId),
    onSuccess: () => {
      Toast.show({ content: t("garden.adoptionEnded"), icon: "success" });
      void qc.invalidateQueries({ queryKey: ["garden"] });
    },
    onError: (e) => Toast.show({ content: describeError(e) }),
  });
  const confirmEnd = async (treeId: number) => {
    if (await Dialog.confirm({ content: t("garden.endAdoptionConfirm") })) end.mutate(treeId);
  };
  if (trees.isError) return <MobileError error={trees.error} />;
  return (
    <>
      <h2 style={{ fontSize: 18, margin: "16px 0 8px" }}>{t("garden.trees")}</h2>
      {(trees.data?.items ?? []).length === 0 && <p className="m-muted">{t("garden.noTrees")}</p>}
      {(trees.data?.items ?? []).map((tr) => (
        <section
          key={tr.id}
          className="m-card"
          aria-label={`${tr.code} ${tr.species}`}
          data-testid={`tree-${tr.code}`}
        >
          <h3 style={{ fontSize: 17, margin: "0 0 4px" }}>
            {tr.species} · {tr.code}
          </h3>
          {tr.location && <p className="m-muted">{tr.location}</p>}
          <p className="m-muted">{t("garden.cares", { n: tr.cares })}</p>
          {tr.adoptedByMine ? (
            <>
              <Tag color="success">{t("garden.myTree")}</Tag>
              <CareForm communityId={props.communityId} tree={tr} />
              <Button
                block
                loading={end.isPending && end.variables === tr.id}
                onClick={() => void confirmEnd(tr.id)}
                data-testid={`tree-end-${tr.code}`}
              >
                {t("garden.endAdoption")}
              </Button>
            </>
          ) : tr.adopted ? (
            <Tag color="default">{t("garden.treeTaken")}</Tag>
          ) : (
            <Button
              color="primary"
              block
              loading={adopt.isPending && adopt.variables === tr.id}
              onClick={() => adopt.mutate(tr.id)}
              data-testid={`tree-adopt-${tr.code}`}
            >
              {t("garden.adopt")}
            </Button>
          )}
        </section>
      ))}
    </>
  );
}

export function GardenPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { communityId } = useResidentCommunity();
  const plots = usePlots(communityId);
  const apply = useMutation({
    mutationFn: (plotId: number) => applyForPlot(communityId!, plotId),
    onSuccess: () => {
      Toast.show({ content: t("garden.applied"), icon: "success" });
      void qc.invalidateQueries({ queryKey: ["garden"] });
    },
    onError: (e) => Toast.show({ content: describeError(e) }),
  });
  if (plots.isPending) return <MobileLoading />;
  if (plots.isError) return <MobileError error={plots.error} />;
  return (
    <div data-testid="garden-page">
      {communityId && <MyLeases communityId={communityId} />}
      <h2 style={{ fontSize: 18, margin: "8px 0" }}>{t("garden.plots")}</h2>
      {plots.data.items.length === 0 && (
        <ErrorBlock status="empty" title={t("garden.noPlots")} description="" />
      )}
      {plots.data.items.map((p) => (
        <PlotCard
          key={p.id}
          p={p}
          applying={apply.isPending && apply.variables === p.id}
          onApply={() => apply.mutate(p.id)}
        />
      ))}
      {communityId && <Trees communityId={communityId} />}
    </div>
  );
}
