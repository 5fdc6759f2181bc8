import { ApartmentOutlined, BankOutlined, BuildOutlined, HomeOutlined } from "@ant-design/icons";
import { Button, Card, Col, Empty, List, Row, Statistic, Tag, Tree, Typography } from "antd";
import type { DataNode } from "antd/es/tree";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { usePlaceTree } from "../../../shared/api/place-tree";
import type { PlaceTree } from "../../../shared/api/types";
import { useCommunity } from "../../../shared/staff/community";
import { ErrorAlert, Loading, StaffPage } from "../../../shared/ui/staff";

// inline, so the tree's icon and the title stay on one line
const TITLE: React.CSSProperties = { display: "inline-flex", gap: 8, alignItems: "center", flexWrap: "wrap" };

export function PlaceTreePage() {
  const { t } = useTranslation();
  const { communityId, community } = useCommunity();
  const navigate = useNavigate();
  const tree = usePlaceTree(communityId);

  const gridNames = useMemo(() => new Map((tree.data?.grids ?? []).map((g) => [g.id, g.name])), [tree.data]);

  const nodes = useMemo<DataNode[]>(() => {
    if (!tree.data) return [];
    return tree.data.estates.map((e) => ({
      key: `e${e.id}`,
      icon: <BankOutlined />,
      title: (
        <span style={TITLE}>
          <Typography.Text strong>{e.name}</Typography.Text>
          <Typography.Text type="secondary">
            {e.propertyOrgName ? t("places.property", { name: e.propertyOrgName }) : t("places.noProperty")}
          </Typography.Text>
        </span>
      ),
      children: e.buildings.map((b) => ({
        key: `b${b.id}`,
        icon: <BuildOutlined />,
        title: (
          <span style={TITLE}>
            <span>{b.name}</span>
            <Tag color={b.gridId ? "blue" : "default"}>
              {b.gridId ? (gridNames.get(b.gridId) ?? `#${b.gridId}`) : t("places.noGrid")}
            </Tag>
            <Typography.Text type="secondary">
              {t("places.buildingSummary", {
                floors: b.floors ?? "?",
                units: b.units.length,
                households: b.householdCount,
              })}
            </Typography.Text>
            <Button
              size="small"
              type="link"
              onClick={(ev) => {
                ev.stopPropagation();
                navigate(`/staff/households?buildingId=${b.id}`);
              }}
            >
              {t("places.viewHouseholds")}
            </Button>
          </span>
        ),
        children: b.units.map((u) => ({ key: `u${u.id}`, title: u.name, isLeaf: true })),
      })),
    }));
  }, [tree.data, gridNames, navigate, t]);

  const subtitle = [community.districtName, community.streetName, community.name].filter(Boolean).join(" / ");

  return (
    <StaffPage
      title={t("places.title")}
      subtitle={`${subtitle} · ${t("places.subtitle")}`}
      testId="place-tree-page"
    >
      {tree.isPending && <Loading />}
      {tree.isError && <ErrorAlert error={tree.error} onRetry={() => tree.refetch()} />}
      {tree.data && (
        <TreeBody
          data={tree.data}
          nodes={nodes}
          onGrid={(id) => navigate(`/staff/households?gridId=${id}`)}
        />
      )}
    </StaffPage>
  );
}

function TreeBody(props: { data: PlaceTree; nodes: DataNode[]; onGrid: (id: number) => void }) {
  const { t } = useTranslation();
  const { data } = props;
  if (data.grids.length === 0 && data.estates.length === 0)
    return (
      <Card>
        <Empty description={t("places.emptyCommunity")} data-testid="empty-community" />
      </Card>
    );
  const buildings = data.estates.reduce((n, e) => n + e.buildings.length, 0);
  const households = data.estates.reduce(
    (n, e) => n + e.buildings.reduce((m, b) => m + b.householdCount, 0),
    0,
  );
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {[
          { label: t("places.statGrids"), value: data.grids.length, icon: <ApartmentOutlined /> },
          { label: t("places.statEstates"), value: data.estates.length, icon: <BankOutlined /> },
          { label: t("places.statBuildings"), value: buildings, icon: <BuildOutlined /> },
          { label: t("places.statHouseholds"), value: households, icon: <HomeOutlined /> },
        ].map((s) => (
          <Col xs={12} md={6} key={s.label}>
            <Card size="small">
              <Statistic title={s.label} value={s.value} prefix={s.icon} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title={t("places.grids")} size="small">
            {data.grids.length === 0 ? (
              <Empty description={t("places.noGrids")} />
            ) : (
              <List
                dataSource={data.grids}
                renderItem={(g) => (
                  <List.Item
                    actions={[
                      <Button key="view" type="link" size="small" onClick={() => props.onGrid(g.id)}>
                        {t("places.viewHouseholds")}
                      </Button>,
                    ]}
                  >
                    <List.Item.Meta
                      avatar={<ApartmentOutlined />}
                      title={g.name}
                      description={t("places.gridSummary", {
                        buildings: g.buildingCount,
                        households: g.householdCount,
                      })}
                    />
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card title={t("places.estates")} size="small">
            {props.nodes.length === 0 ? (
              <Empty description={t("places.noEstates")} />
            ) : (
              <Tree
                showIcon
                blockNode
                defaultExpandedKeys={props.nodes.slice(0, 1).map((n) => n.key)}
                treeData={props.nodes}
              />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
