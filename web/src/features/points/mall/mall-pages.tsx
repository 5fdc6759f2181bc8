// The resident's points mall (S4): the shop — items with price and stock, a big 兑换 on each; a tap asks to
// confirm and then shows the pickup code with its QR (three taps from the home screen); 我的兑换 lists the
// codes with their status and the day they expire. Big type in the elderly mode, readable at 360 px.
import { Button, Dialog, ErrorBlock, List, Tag } from "antd-mobile";
import dayjs from "dayjs";
import QRCode from "qrcode";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { describeError } from "../../../shared/api/client";
import { useMe } from "../../../shared/api/session";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import {
  type ExchangeResult,
  type MallItem,
  type MyExchange,
  type Shop,
  useExchange,
  useMyExchanges,
  useShop,
} from "./mall-api";
import "./mall.css";

const at = (d: string | Date) => dayjs(d).format("YYYY-MM-DD HH:mm");

function Qr(props: { code: string }) {
  const { t } = useTranslation();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(props.code, { width: 200, margin: 1 }).then((d) => live && setSrc(d));
    return () => {
      live = false;
    };
  }, [props.code]);
  return src ? <img className="m-mall-qr" src={src} alt={`${t("mall.code")} ${props.code}`} /> : null;
}

function CodeCard(props: { x: ExchangeResult | MyExchange; title?: string }) {
  const { t } = useTranslation();
  const { x } = props;
  return (
    <section className="m-card m-mall-code" data-testid={`mall-code-${x.id}`} aria-live="polite">
      {props.title && <h2 className="m-points-h2">{props.title}</h2>}
      <p className="m-muted">{x.itemName}</p>
      <p className="m-mall-code-digits" data-testid="mall-code-digits">
        {x.code}
      </p>
      <Qr code={x.code} />
      <p>{t("mall.showCode")}</p>
      <p>{t("mall.pickupAt", { place: x.pickupPlace })}</p>
      <p className="m-muted">{t("mall.expiresAt", { at: at(x.expiresAt) })}</p>
    </section>
  );
}

function WindowLine(props: { shop: Shop }) {
  const { t } = useTranslation();
  const w = props.shop.nextWindow;
  if (props.shop.open && !w) return null;
  if (props.shop.open && w)
    return <p className="m-muted">{t("mall.openWindow", { title: w.title, to: at(w.closesAt) })}</p>;
  return (
    <ErrorBlock
      status="default"
      title={t("mall.closed")}
      description={
        w ? t("mall.nextWindow", { title: w.title, from: at(w.opensAt), to: at(w.closesAt) }) : null
      }
    />
  );
}

function ItemCard(props: { item: MallItem; canBuy: boolean; onBuy: () => void; busy: boolean }) {
  const { t } = useTranslation();
  const { item } = props;
  const gone = item.stock <= 0;
  return (
    <section className="m-card m-mall-item" data-testid={`mall-item-${item.id}`} aria-label={item.name}>
      <h2>{item.name}</h2>
      {item.description && <p className="m-muted">{item.description}</p>}
      <div className="m-mall-row">
        <span className="m-mall-price">{t("mall.price", { n: item.pricePoints })}</span>
        {gone ? (
          <Tag color="default">{t("mall.soldOut")}</Tag>
        ) : (
          <span>{t("mall.stock", { n: item.stock })}</span>
        )}
      </div>
      <p className="m-muted">
        {t("mall.pickupAt", { place: item.pickupPlace })}
        {item.orgName ? ` · ${item.orgName}` : ""}
        {item.limitCount && item.limitPeriod
          ? ` · ${t("mall.limit", { n: item.limitCount, period: t(`mall.period_${item.limitPeriod}`) })}`
          : ""}
      </p>
      <Button
        block
        size="large"
        color="primary"
        disabled={!props.canBuy || gone || props.busy}
        onClick={props.onBuy}
        data-testid={`mall-buy-${item.id}`}
      >
        {gone ? t("mall.soldOut") : t("mall.exchange")}
      </Button>
    </section>
  );
}

function ShopOf(props: { communityId: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const shop = useShop(props.communityId);
  const exchange = useExchange(props.communityId);
  const [done, setDone] = useState<ExchangeResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = useRef(crypto.randomUUID());
  if (shop.isPending) return <MobileLoading />;
  if (shop.isError) return <MobileError error={shop.error} onRetry={() => shop.refetch()} />;
  const s = shop.data;
  const buy = async (item: MallItem) => {
    setError(null);
    const yes = await Dialog.confirm({
      title: t("mall.confirmTitle"),
      content: t("mall.confirmBody", {
        price: item.pricePoints,
        name: item.name,
        days: item.expiryDays,
        place: item.pickupPlace,
      }),
      confirmText: t("mall.confirm"),
      cancelText: t("mall.cancel"),
    });
    if (!yes) return;
    try {
      const x = await exchange.mutateAsync({ itemId: item.id, idempotencyKey: key.current });
      key.current = crypto.randomUUID();
      setDone(x);
      window.scrollTo?.(0, 0);
    } catch (e) {
      key.current = crypto.randomUUID();
      setError(describeError(e));
    }
  };
  return (
    <>
      {s.balance != null && (
        <p className="m-mall-balance" data-testid="mall-balance">
          {t("mall.balance", { n: s.balance })}
        </p>
      )}
      {done && <CodeCard x={done} title={t("mall.done")} />}
      {error && (
        <p role="alert" className="m-error" data-testid="mall-error">
          {error}
        </p>
      )}
      <WindowLine shop={s} />
      <Button block onClick={() => navigate("/m/mall/mine")} data-testid="go-my-exchanges">
        {t("mall.mine")}
      </Button>
      {s.items.length === 0 ? (
        <ErrorBlock status="empty" title={t("mall.empty")} description={null} />
      ) : (
        s.items.map((item) => (
          <ItemCard
            key={item.id}
            item={item}
            canBuy={s.open && s.balance != null}
            busy={exchange.isPending}
            onBuy={() => void buy(item)}
          />
        ))
      )}
    </>
  );
}

export function MallPage() {
  const { t } = useTranslation();
  const me = useMe();
  const verified = (me.data?.residencies ?? []).filter((r) => r.status === "verified");
  const [cid, setCid] = useState<number | null>(null);
  const communityId = cid ?? verified[0]?.communityId ?? null;
  return (
    <div data-testid="mall-page">
      <p className="m-muted">{t("mall.intro")}</p>
      {verified.length > 1 && (
        <List>
          {verified.map((r) => (
            <List.Item key={r.communityId} onClick={() => setCid(r.communityId)}>
              {r.communityName}
            </List.Item>
          ))}
        </List>
      )}
      {me.isPending ? (
        <MobileLoading />
      ) : communityId == null ? (
        <ErrorBlock status="empty" title={t("mall.notResident")} description={null} />
      ) : (
        <ShopOf communityId={communityId} />
      )}
    </div>
  );
}

export function MyExchangesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const mine = useMyExchanges(!!me.data);
  if (mine.isPending) return <MobileLoading />;
  if (mine.isError) return <MobileError error={mine.error} onRetry={() => mine.refetch()} />;
  const open = mine.data.items.filter((x) => x.status === "open");
  const past = mine.data.items.filter((x) => x.status !== "open");
  return (
    <div data-testid="my-exchanges-page">
      {mine.data.items.length === 0 && (
        <ErrorBlock status="empty" title={t("mall.noExchanges")} description={null} />
      )}
      {open.map((x) => (
        <CodeCard key={x.id} x={x} />
      ))}
      {past.length > 0 && (
        <List header={t("mall.mine")}>
          {past.map((x) => (
            <List.Item
              key={x.id}
              description={at(x.collectedAt ?? x.createdAt)}
              extra={
                <Tag color={x.status === "collected" ? "success" : "default"}>
                  {t(`mall.status_${x.status}`)}
                </Tag>
              }
              data-testid={`my-exchange-${x.id}`}
            >
              {x.itemName} · {t("mall.price", { n: x.points })}
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}
