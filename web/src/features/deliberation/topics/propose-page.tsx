// 我要提议 (D1): a verified resident proposes a topic at their building, estate or the whole
// community. Three big choices for where, one line for what, details if they wish; their household is
// the first to support it, and it becomes a topic once enough households do.
import { useMutation } from "@tanstack/react-query";
import { Button, Input, Selector, TextArea, Toast } from "antd-mobile";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router-dom";
import { useMe } from "../../../shared/api/session";
import { FormError } from "../../../shared/ui/mobile";
import { proposeTopic, type Tier } from "./topics-api";
import "./topics.css";

export function ProposePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const [search] = useSearchParams();
  const verified = (me.data?.residencies ?? []).filter((r) => r.status === "verified");
  const communityId = Number(search.get("community")) || verified[0]?.communityId;
  const [tier, setTier] = useState<Tier>("building");
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const send = useMutation({
    mutationFn: () =>
      proposeTopic(communityId!, { title: title.trim(), description: description.trim(), tier }),
    onSuccess: (d) => {
      Toast.show({ icon: "success", content: t("topics.proposeDone") });
      navigate(`/m/topics/${d.communityId}/${d.id}`, { replace: true });
    },
  });
  return (
    <div data-testid="propose-page">
      <p className="m-muted">{t("topics.proposeIntro")}</p>
      <section className="m-card">
        <h2 className="m-card-title" id="propose-where">
          {t("topics.proposeWhere")}
        </h2>
        <Selector<Tier>
          aria-labelledby="propose-where"
          columns={1}
          value={[tier]}
          onChange={(v) => v[0] && setTier(v[0])}
          options={[
            { label: t("topics.proposeTierBuilding"), value: "building" },
            { label: t("topics.proposeTierEstate"), value: "estate" },
            { label: t("topics.proposeTierCommunity"), value: "community" },
          ]}
          showCheckMark={false}
        />
      </section>
      <section className="m-card">
        <label className="m-card-title" htmlFor="propose-title">
          {t("topics.proposeTitleLabel")}
        </label>
        <Input
          id="propose-title"
          className="m-textarea"
          maxLength={80}
          placeholder={t("topics.proposeTitlePlaceholder")}
          value={title}
          onChange={setTitle}
          data-testid="propose-title"
        />
        <label className="m-card-title" htmlFor="propose-description">
          {t("topics.proposeDescLabel")}
        </label>
        <TextArea
          id="propose-description"
          className="m-textarea"
          rows={4}
          maxLength={2000}
          showCount
          value={description}
          onChange={setDescription}
        />
      </section>
      <FormError error={send.error} />
      <Button
        block
        size="large"
        color="primary"
        disabled={title.trim().length < 2 || communityId == null}
        loading={send.isPending}
        onClick={() => send.mutate()}
        data-testid="propose-submit"
      >
        {t("topics.proposeSubmit")}
      </Button>
    </div>
  );
}
