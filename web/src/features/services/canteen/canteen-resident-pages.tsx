// 幸福食堂 (resident, antd-mobile): today's (or tomorrow's) menus with the price the rule that applies to
// me (or the household member I order for) sets; 订午餐 → 送到家 / 自取 / 堂食 → done, three taps from the
// home screen. 我的订单: my household's orders (cancel before the cut-off) and 我的送餐 for volunteers.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Dialog, ErrorBlock, List, Result, Selector, Tag, Toast } from "antd-mobile";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { FormError, MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { useResidentCommunity } from "../../../shared/ui/resident-community";
import {
  cancelOrder,
  canteenKey,
  type Menu,
  type Mode,
  markDelivered,
  type Order,
  placeOrder,
  today,
  useCanteenDay,
  useMyCanteen,
  yuan,
} from "./canteen-api";
import "./canteen.css";

const MODES: Mode[] = ["delivery", "pickup", "dine_in"];
const hhmm = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
const tomorrowOf = (day: string) =>
  new Date(new Date(`${day}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);

function MenuCard(props: {
  m: Menu;
  choosing: boolean;
  busy: boolean;
  onChoose: () => void;
  onMode: (mode: Mode) => void;
}) {
  const { t } = useTranslation();
  const { m } = props;
  const meal = t(`canteen.meal.${m.meal}`);
  return (
    <section className="m-card m-canteen-card" aria-label={meal} data-testid={`canteen-menu-${m.meal}`}>
      <h2 className="m-canteen-meal">{meal}</h2>
      <p className="m-canteen-dishes">{m.dishes.join("、")}</p>
      {m.price && (
        <p className="m-canteen-price" data-testid="canteen-price">
          {t("canteen.youPay", { amount: yuan(m.price.residentFen) })}
          <span className="m-muted">{t("canteen.rule", { rule: m.price.ruleName })}</span>
        </p>
      )}
      <p className="m-muted">
        {t("canteen.cost", { amount: yuan(m.costFen) })} · {t("canteen.closes", { time: hhmm(m.cutoffAt) })}
      </p>
      {m.myOrderId ? (
        <Tag color="success" data-testid="canteen-ordered">
          {t("canteen.ordered")}
        </Tag>
      ) : !m.open ? (
        <Tag color="default">{m.ordered >= m.capacity ? t("canteen.full") : t("canteen.closed")}</Tag>
      ) : props.choosing ? (
        <fieldset className="m-canteen-modes">
          <legend className="m-canteen-how">{t("canteen.howTitle")}</legend>
          {MODES.map((mode, i) => (
            <Button
              key={mode}
              block
              size="large"
              color={i === 0 ? "primary" : "default"}
              loading={props.busy}
              onClick={() => props.onMode(mode)}
              data-testid={`canteen-mode-${mode}`}
            >
              {t(`canteen.mode.${mode}`)}
            </Button>
          ))}
        </fieldset>
      ) : (
        <Button
          block
          size="large"
          color="primary"
          onClick={props.onChoose}
          data-testid={`canteen-order-${m.meal}`}
        >
          {t("canteen.order", { meal })}
        </Button>
      )}
    </section>
  );
}

export function CanteenPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { communityId } = useResidentCommunity();
  const [day, setDay] = useState(today());
  const [forId, setForId] = useState<number | undefined>(undefined);
  const [choosing, setChoosing] = useState<number | null>(null);
  const d = useCanteenDay(communityId, day, forId);
  const order = useMutation({
    mutationFn: (v: { menu: Menu; mode: Mode }) =>
      placeOrder(communityId!, { menuId: v.menu.id, mode: v.mode, residentId: forId }),
    onSuccess: () => {
      setChoosing(null);
      void qc.invalidateQueries({ queryKey: canteenKey(communityId ?? 0) });
      void qc.invalidateQueries({ queryKey: ["canteen", "me"] });
    },
  });
  if (order.isSuccess) {
    const o = order.data.order;
    return (
      <div data-testid="canteen-done">
        <Result
          status="success"
          title={t("canteen.done")}
          description={t("canteen.doneDesc", {
            meal: t(`canteen.meal.${o.meal}`),
            mode: t(`canteen.mode.${o.mode}`),
            amount: yuan(o.residentFen),
          })}
        />
        <p className="m-muted">{t("canteen.payNote")}</p>
        <Button block size="large" onClick={() => navigate("/m/canteen/mine")} data-testid="canteen-go-mine">
          {t("canteen.mine")}
        </Button>
        <div style={{ height: 12 }} />
        <Button block size="large" onClick={() => order.reset()}>
          {t("canteen.back")}
        </Button>
      </div>
    );
  }
  const days = [today(), tomorrowOf(today())];
  return (
    <div data-testid="canteen-page">
      <Selector
        aria-label={t("canteen.day")}
        columns={2}
        value={[day]}
        onChange={(v) => v[0] && setDay(v[0])}
        options={days.map((x, i) => ({
          value: x,
          label: i === 0 ? t("canteen.today") : t("canteen.tomorrow"),
        }))}
      />
      {d.data && d.data.household.length > 1 && (
        <Selector
          aria-label={t("canteen.forWhom", { name: "" })}
          style={{ marginTop: 8 }}
          value={[String(forId ?? d.data.forResident?.id ?? "")]}
          onChange={(v) => v[0] && setForId(Number(v[0]))}
          options={d.data.household.map((p) => ({ value: String(p.id), label: p.name }))}
          data-testid="canteen-for"
        />
      )}
      <div style={{ height: 8 }} />
      {!communityId ? (
        <ErrorBlock status="empty" title={t("canteen.none")} description={null} />
      ) : d.isPending ? (
        <MobileLoading />
      ) : d.isError ? (
        <MobileError error={d.error} onRetry={() => d.refetch()} />
      ) : !d.data.canteen ? (
        <ErrorBlock status="empty" title={t("canteen.none")} description={null} />
      ) : (
        <>
          <p className="m-muted">
            {d.data.canteen.name} · {d.data.canteen.place}
          </p>
          {d.data.forResident && forId && <p>{t("canteen.forWhom", { name: d.data.forResident.name })}</p>}
          <FormError error={order.error} />
          {d.data.menus.length === 0 ? (
            <ErrorBlock status="empty" title={t("canteen.noMenu")} description={null} />
          ) : (
            d.data.menus.map((m) => (
              <MenuCard
                key={m.id}
                m={m}
                choosing={choosing === m.id}
                busy={order.isPending}
                onChoose={() => setChoosing(m.id)}
                onMode={(mode) => order.mutate({ menu: m, mode })}
              />
            ))
          )}
        </>
      )}
      <div style={{ height: 12 }} />
      <Button block size="large" onClick={() => navigate("/m/canteen/mine")} data-testid="canteen-mine">
        {t("canteen.mine")}
      </Button>
    </div>
  );
}

function OrderItem(props: { o: Order; action?: ReactNode }) {
  const { t } = useTranslation();
  const { o } = props;
  return (
    <List.Item
      description={
        <>
          <div>{o.dishes.join("、")}</div>
          <div>
            {t(`canteen.mode.${o.mode}`)} · {t("canteen.youPay", { amount: yuan(o.residentFen) })} ·{" "}
            {o.paidAt ? t("canteen.paid") : t("canteen.unpaid")}
          </div>
          {o.mode === "delivery" && o.address && (
            <div>
              {t("canteen.address")}：{o.address}
            </div>
          )}
          {o.deliveredAt && <div>{t("canteen.delivered", { time: hhmm(o.deliveredAt) })}</div>}
          {o.status === "cancelled" && <div>{t("canteen.cancelled")}</div>}
        </>
      }
      extra={props.action}
      data-testid={`canteen-order-row-${o.id}`}
    >
      {o.day} {t(`canteen.meal.${o.meal}`)} · {o.residentName}
    </List.Item>
  );
}

export function MyCanteenPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const mine = useMyCanteen();
  const refresh = () => qc.invalidateQueries({ queryKey: ["canteen"] });
  const cancel = useMutation({
    mutationFn: (o: Order) => cancelOrder(o.communityId, o.id),
    onSuccess: () => {
      Toast.show({ content: t("canteen.cancelled") });
      void refresh();
    },
  });
  const deliver = useMutation({
    mutationFn: (o: Order) => markDelivered(o.communityId, o.id),
    onSuccess: (r) => {
      Toast.show({
        content: t("canteen.delivered", { time: hhmm(r.order.deliveredAt ?? new Date().toISOString()) }),
      });
      void refresh();
    },
  });
  if (mine.isPending) return <MobileLoading />;
  if (mine.isError) return <MobileError error={mine.error} onRetry={() => mine.refetch()} />;
  const { orders, deliveries } = mine.data;
  return (
    <div data-testid="canteen-mine-page">
      <FormError error={cancel.error ?? deliver.error} />
      {deliveries.length > 0 && (
        <List header={t("canteen.deliveries")} mode="card" data-testid="canteen-deliveries">
          {deliveries.map((o) => (
            <OrderItem
              key={o.id}
              o={o}
              action={
                !o.deliveredAt && (
                  <Button
                    color="primary"
                    size="large"
                    loading={deliver.isPending}
                    onClick={() => deliver.mutate(o)}
                    data-testid={`canteen-deliver-${o.id}`}
                  >
                    {t("canteen.markDelivered")}
                  </Button>
                )
              }
            />
          ))}
        </List>
      )}
      <List header={t("canteen.myTitle")} mode="card">
        {orders.length === 0 ? (
          <List.Item>{t("canteen.myEmpty")}</List.Item>
        ) : (
          orders.map((o) => (
            <OrderItem
              key={o.id}
              o={o}
              action={
                o.status === "placed" &&
                !o.deliveredAt &&
                o.day >= today() && (
                  <Button
                    size="small"
                    onClick={async () => {
                      if (await Dialog.confirm({ content: t("canteen.cancelConfirm") })) cancel.mutate(o);
                    }}
                  >
                    {t("canteen.cancel")}
                  </Button>
                )
              }
            />
          ))
        )}
      </List>
    </div>
  );
}
