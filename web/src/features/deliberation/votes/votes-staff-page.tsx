// 业主表决 in the staff console: the community's votes (list), and one vote's desk — participation by
// area and headcount against 2/3 and each question against its threshold, the owners who have not
// voted (names masked, for door visits), paper ballots entered by keyboard (owner number, sheet
// number, "YN…" one letter per question) and confirmed by a second staff member, open / close, and
// the result sheet PDF and the export. 新建表决 sets one up (a draft until opened).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";
import { usePlaceTree } from "../../../shared/api/place-tree";
import { useCommunity } from "../../../shared/staff/community";
import { downloadFile } from "../../../shared/staff/download";
import { ErrorAlert, Loading, StaffPage } from "../../../shared/ui/staff";
import {
  type Choice,
  closeVote,
  confirmPaperBallot,
  createVote,
  enterPaperBallot,
  openVote,
  type Progress,
  useProgress,
  useVote,
  useVotes,
  votesPath,
} from "./votes-api";

const pct = (bp: number) => `${(bp / 100).toFixed(2)}%`;
const m2 = (cm2: string) => `${BigInt(cm2) / 100n}.${String(BigInt(cm2) % 100n).padStart(2, "0")} m²`;
function Met(props: { ok: boolean }) {
  const { t } = useTranslation();
  return props.ok ? <Tag color="green">{t("votes.met")}</Tag> : <Tag color="orange">{t("votes.notMet")}</Tag>;
}

interface SetUp {
  title: string;
  estateId: number;
  buildingIds?: number[];
  matter: number;
  questions: string;
  days: number;
  proxyLimit: number;
}

function SetUpModal(props: { communityId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const tree = usePlaceTree(props.communityId);
  const [form] = Form.useForm<SetUp>();
  const estateId = Form.useWatch("estateId", form);
  const create = useMutation({
    mutationFn: (v: SetUp) =>
      createVote(props.communityId, {
        title: v.title,
        estateId: v.estateId,
        buildingIds: v.buildingIds ?? [],
        matter: v.matter,
        questions: v.questions
          .split("\n")
          .map((x) => x.trim())
          .filter(Boolean)
          .map((text) => ({ text })),
        opensAt: new Date().toISOString(),
        closesAt: new Date(Date.now() + v.days * 86_400_000).toISOString(),
        proxyLimit: v.proxyLimit,
      }),
    onSuccess: (v) => navigate(`/staff/votes/${v.id}`),
  });
  const estates = tree.data?.estates ?? [];
  return (
    <Modal
      open
      title={t("votes.setUp")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t("votes.save")}
      confirmLoading={create.isPending}
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ matter: 7, days: 14, proxyLimit: 1 }}
        onFinish={(v) => create.mutate(v)}
        data-testid="vote-setup"
      >
        <Form.Item name="title" label={t("votes.colTitle")} rules={[{ required: true, max: 80 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="estateId" label={t("votes.estate")} rules={[{ required: true }]}>
          <Select options={estates.map((e) => ({ value: e.id, label: e.name }))} />
        </Form.Item>
        <Form.Item name="buildingIds" label={t("votes.buildings")} extra={t("votes.buildingsHelp")}>
          <Select
            mode="multiple"
            options={(estates.find((e) => e.id === estateId)?.buildings ?? []).map((b) => ({
              value: b.id,
              label: b.name,
            }))}
          />
        </Form.Item>
        <Form.Item name="matter" label={t("votes.colMatter")} rules={[{ required: true }]}>
          <Select
            options={[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({
              value: n,
              label: t(`votes.matters.m${n}` as "votes.matters.m1"),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="questions"
          label={t("votes.questions")}
          extra={t("votes.questionsHelp")}
          rules={[{ required: true }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        <Space>
          <Form.Item name="days" label={t("votes.days")} rules={[{ required: true }]}>
            <InputNumber min={1} max={90} />
          </Form.Item>
          <Form.Item name="proxyLimit" label={t("votes.proxyLimit")} rules={[{ required: true }]}>
            <InputNumber min={0} max={100} />
          </Form.Item>
        </Space>
      </Form>
      {create.error && <ErrorAlert error={create.error} />}
    </Modal>
  );
}

export function VotesStaffPage() {
  const { t } = useTranslation();
  const { communityId } = useCommunity();
  const list = useVotes(communityId);
  const [setUp, setSetUp] = useState(false);
  return (
    <StaffPage
      title={t("votes.menu")}
      subtitle={t("votes.staffIntro")}
      testId="votes-staff-page"
      extra={
        <Button type="primary" onClick={() => setSetUp(true)} data-testid="vote-new">
          {t("votes.setUp")}
        </Button>
      }
    >
      {setUp && <SetUpModal communityId={communityId} onClose={() => setSetUp(false)} />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          {
            title: t("votes.colTitle"),
            dataIndex: "title",
            render: (title: string, v) => <Link to={`/staff/votes/${v.id}`}>{title}</Link>,
          },
          { title: t("votes.colMatter"), dataIndex: "matterName" },
          {
            title: t("votes.colState"),
            dataIndex: "state",
            render: (s: string) => <Tag>{t(`votes.state.${s}` as "votes.state.open")}</Tag>,
          },
        ]}
      />
    </StaffPage>
  );
}

function Figures(props: { p: Progress }) {
  const { t } = useTranslation();
  const f = props.p.figures;
  return (
    <Card title={t("votes.figures")} data-testid="vote-figures">
      <Flex gap={32} wrap>
        <Statistic title={t("votes.areaShare")} value={pct(f.areaBasisPoints)} />
        <Statistic title={t("votes.headsShare")} value={pct(f.headsBasisPoints)} />
        <Statistic
          title={t("votes.participating")}
          value={`${f.participating.heads} / ${f.electorate.heads}`}
        />
        <Statistic title={t("votes.pendingPaper")} value={f.pendingPaper} />
      </Flex>
      <Descriptions column={1} size="small" style={{ marginTop: 16 }}>
        <Descriptions.Item label={t("votes.quorum")}>
          {m2(f.participating.areaCm2)} / {m2(f.quorum.areaNeededCm2)} <Met ok={f.quorum.areaMet} /> ·{" "}
          {f.participating.heads} / {f.quorum.headsNeeded} <Met ok={f.quorum.headsMet} />
        </Descriptions.Item>
        {f.questions.map((q) => (
          <Descriptions.Item key={q.index} label={q.text}>
            {t("votes.yes")} {q.yes.heads} / {m2(q.yes.areaCm2)} · {t("votes.no")} {q.no.heads} ·{" "}
            {t("votes.abstain")} {q.abstain.heads} — {q.threshold.rule}{" "}
            <Met ok={q.threshold.areaMet && q.threshold.headsMet} />
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}

function PaperEntry(props: { communityId: number; voteId: number; questions: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ voterNo: number; sheetNo: string; choices: string }>();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ["vote-progress", props.communityId, props.voteId] });
    void qc.invalidateQueries({ queryKey: ["vote", props.communityId, props.voteId] });
  };
  const enter = useMutation({
    mutationFn: (v: { voterNo: number; sheetNo: string; choices: string }) =>
      enterPaperBallot(props.communityId, props.voteId, {
        voterNo: v.voterNo,
        sheetNo: v.sheetNo,
        choices: [...v.choices.toUpperCase()] as Choice[],
      }),
    onSuccess: (r) => {
      message.success(t("votes.entered", { id: r.ballotId }));
      form.resetFields();
      refresh();
    },
  });
  const [confirmForm] = Form.useForm<{ ballotId: number }>();
  const confirm = useMutation({
    mutationFn: (v: { ballotId: number }) => confirmPaperBallot(props.communityId, props.voteId, v.ballotId),
    onSuccess: () => {
      message.success(t("votes.confirmed"));
      confirmForm.resetFields();
      refresh();
    },
  });
  return (
    <Card title={t("votes.paperTitle")} data-testid="vote-paper">
      <Form form={form} layout="inline" onFinish={(v) => enter.mutate(v)}>
        <Form.Item name="voterNo" label={t("votes.voterNo")} rules={[{ required: true }]}>
          <InputNumber min={1} autoFocus data-testid="paper-voter" />
        </Form.Item>
        <Form.Item name="sheetNo" label={t("votes.sheetNo")} rules={[{ required: true, max: 40 }]}>
          <Input data-testid="paper-sheet" />
        </Form.Item>
        <Form.Item
          name="choices"
          label={t("votes.choicesKeys")}
          rules={[
            {
              required: true,
              pattern: new RegExp(`^[YNAyna]{${props.questions}}$`),
              message: t("votes.choicesHelp", { n: props.questions }),
            },
          ]}
        >
          <Input data-testid="paper-choices" style={{ width: 120 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={enter.isPending} data-testid="paper-enter">
          {t("votes.enter")}
        </Button>
      </Form>
      {enter.error && <ErrorAlert error={enter.error} style={{ marginTop: 12 }} />}
      <Form form={confirmForm} layout="inline" onFinish={(v) => confirm.mutate(v)} style={{ marginTop: 16 }}>
        <Form.Item name="ballotId" label={t("votes.ballotId")} rules={[{ required: true }]}>
          <InputNumber min={1} data-testid="confirm-ballot" />
        </Form.Item>
        <Button htmlType="submit" loading={confirm.isPending} data-testid="confirm-submit">
          {t("votes.confirm")}
        </Button>
      </Form>
      {confirm.error && <ErrorAlert error={confirm.error} style={{ marginTop: 12 }} />}
      <Alert type="info" showIcon style={{ marginTop: 12 }} message={t("votes.secondPerson")} />
    </Card>
  );
}

export function VoteStaffPage() {
  const { t } = useTranslation();
  const { communityId } = useCommunity();
  const qc = useQueryClient();
  const voteId = Number(useParams().voteId);
  const vote = useVote(communityId, voteId);
  const opened = !!vote.data && vote.data.state !== "draft";
  const progress = useProgress(communityId, voteId, opened);
  const act = useMutation({
    mutationFn: (what: "open" | "close") => (what === "open" ? openVote : closeVote)(communityId, voteId),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["vote", communityId, voteId] });
      void qc.invalidateQueries({ queryKey: ["vote-progress", communityId, voteId] });
    },
  });
  if (vote.isPending) return <Loading />;
  if (vote.isError) return <ErrorAlert error={vote.error} onRetry={() => vote.refetch()} />;
  const v = vote.data;
  const path = `${votesPath(communityId)}/${voteId}`;
  return (
    <StaffPage
      title={v.title}
      subtitle={`${v.matterName} · ${t(`votes.state.${v.state}` as "votes.state.open")}`}
      testId="vote-staff-page"
      extra={
        <Space wrap>
          {v.state === "draft" && (
            <Button
              type="primary"
              loading={act.isPending}
              onClick={() => act.mutate("open")}
              data-testid="vote-open"
            >
              {t("votes.open")}
            </Button>
          )}
          {(v.state === "open" || v.state === "ended" || v.state === "upcoming") && (
            <Button
              danger
              loading={act.isPending}
              onClick={() => act.mutate("close")}
              data-testid="vote-close"
            >
              {t("votes.close")}
            </Button>
          )}
          {opened && (
            <Button onClick={() => void downloadFile(`${path}/result.pdf`, {}, "vote.pdf")}>
              {t("votes.pdf")}
            </Button>
          )}
          {opened && (
            <Button onClick={() => void downloadFile(`${path}/export.json`, {}, "vote.json")}>
              {t("votes.export")}
            </Button>
          )}
          {opened && (
            <Button
              onClick={() => void downloadFile(`${path}/ballots.xlsx`, {}, "ballots.xlsx")}
              data-testid="vote-ballots-xlsx"
            >
              {t("votes.ballotsXlsx")}
            </Button>
          )}
        </Space>
      }
    >
      {act.error && <ErrorAlert error={act.error} />}
      {progress.isError && <ErrorAlert error={progress.error} />}
      {progress.data && (
        <Flex vertical gap={16}>
          <Figures p={progress.data} />
          {v.state === "open" && (
            <PaperEntry communityId={communityId} voteId={voteId} questions={v.questions.length} />
          )}
          <Card
            title={t("votes.notVoted", { count: progress.data.notVotedTotal })}
            data-testid="vote-not-voted"
          >
            <Table
              rowKey="voterNo"
              size="small"
              dataSource={progress.data.notVoted}
              pagination={{ pageSize: 20 }}
              columns={[
                { title: t("votes.voterNo"), dataIndex: "voterNo", width: 100 },
                { title: t("votes.owner"), dataIndex: "maskedNames", width: 160 },
                { title: t("votes.rooms"), dataIndex: "rooms" },
              ]}
            />
          </Card>
        </Flex>
      )}
    </StaffPage>
  );
}
