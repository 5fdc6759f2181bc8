import { type Kysely, sql } from "kysely";

// The points mall's exchange transaction in one statement (issue 14's exchange-day rush: ≥ 1,000
// exchanges/s). Before, an exchange was about nine round trips inside its transaction (begin, the
// resident's lock, the retry check, the limit, the stock, the row, the event, the booking, commit) after
// seven reads; the app now makes one read (mall.queries.ts `exchangeContext`) and one call of
// `mall_exchange`, which runs the same steps in the same order inside the database, in the statement's
// own transaction (or the caller's):
//   1. the resident's lock (advisory 7403, key: the resident): one resident's exchanges go one at a time;
//   2. an exchange with the same key (the resident's retry, or a twin that committed while this one
//      waited for the lock — each statement reads what is committed when it starts) answers it
//      (its id, replayed = true), nothing written;
//   3. the per-person limit: the resident's exchanges of the item since the period's start (the app sends
//      it; null: ever) that still count (not expired); at the limit → MX002 (detail: how many);
//   4. one taken from the stock of the active item, never below zero (else MX001: sold out);
//   5. the exchange row under the first of the app's random codes not open in the community (MX003 if
//      none is free);
//   6. its outbox event (mall.exchanged: the app checks the payload against the event's schema and sends
//      the type, version, aggregate and channel; the NOTIFY goes at commit, as insertEvents does);
//   7. LAST, the booking by `ledger_book` (migrations 26/30, unchanged), naming the exchange
//      (ref 'mall_exchange', its id): the app builds the canonical text (ledger.chain.ts) and sends its tail
//      (and the key and memo) in parts around the reference's id, known only here (`ledger_ref_text`).
//      A refusal (LD001: too few points) rolls back all of it. The community's ledger lock is held from here to the commit, as before.
// It answers the row's code, status and times and the resident's balance after the booking (no re-read).
// Refusals are SQLSTATEs of class MX (and LD from the ledger) that the service turns into its bilingual
// errors (MALL_SOLD_OUT, MALL_LIMIT, TOO_MANY, MALL_POINTS_SHORT).
export async function up(db: Kysely<any>): Promise<void> {
  // a text the app sent in parts around the id of a row the same statement creates (ledger.service.ts
  // `bookingAroundRef`: a booking's key, memo and canonical text naming that row), joined with the id
  await sql
    .raw(`create function ledger_ref_text(p_parts jsonb, p_ref text) returns text
  language sql immutable as $$
    select coalesce(string_agg(t.part, p_ref order by t.n), '')
      from jsonb_array_elements_text(p_parts) with ordinality as t(part, n)
  $$`)
    .execute(db);
  await sql
    .raw(`create function mall_exchange(
    p_community integer, p_resident integer, p_item integer, p_key text, p_user integer,
    p_points integer, p_value_fen integer, p_expires timestamptz, p_codes text[],
    p_limit_count integer, p_limit_from timestamptz,
    p_event_type text, p_event_version integer, p_event_aggregate text, p_event_payload jsonb,
    p_events_channel text,
    p_key_parts jsonb, p_ledger_kind text, p_memo_parts jsonb, p_ref_kind text, p_at timestamptz,
    p_from_account integer, p_accounts integer[], p_amounts bigint[],
    p_text_head text, p_tail_parts jsonb, p_genesis text)
  returns table (x_id integer, x_code text, x_status text, x_created_at timestamptz,
                 x_expires_at timestamptz, x_replayed boolean, x_balance bigint)
  language plpgsql as $$
  declare
    v_id integer;
    v_had bigint;
    v_code text;
    v_row mall_exchange%rowtype;
    v_done boolean := false;
    v_tx bigint;
    v_replayed boolean;
    v_balance bigint;
    v_ledger_key text;
  begin
    perform pg_advisory_xact_lock(7403, p_resident);
    select x.id into v_id from mall_exchange x
     where x.community_id = p_community and x.idempotency_key = p_key;
    if found then
      return query select v_id, null::text, null::text, null::timestamptz, null::timestamptz, true, null::bigint;
      return;
    end if;
    if p_limit_count is not null then
      select count(*) into v_had from mall_exchange x
       where x.community_id = p_community and x.resident_id = p_resident and x.item_id = p_item
         and x.status <> 'expired' and (p_limit_from is null or x.created_at >= p_limit_from);
      if v_had >= p_limit_count then
        raise exception 'mall: the per-person limit of item % is reached', p_item
          using errcode = 'MX002', detail = v_had::text;
      end if;
    end if;
    update mall_item i set stock = i.stock - 1
     where i.community_id = p_community and i.id = p_item and i.status = 'active' and i.stock > 0;
    if not found then
      raise exception 'mall: item % is sold out', p_item using errcode = 'MX001';
    end if;
    foreach v_code in array p_codes loop
      insert into mall_exchange (community_id, item_id, resident_id, user_id, points, value_fen, code,
             idempotency_key, expires_at)
      values (p_community, p_item, p_resident, p_user, p_points, p_value_fen, v_code, p_key, p_expires)
      on conflict (community_id, code) where status = 'open' do nothing
      returning * into v_row;
      if found then
        v_done := true;
        exit;
      end if;
    end loop;
    if not v_done then
      raise exception 'mall: no pickup code free in community %', p_community using errcode = 'MX003';
    end if;
    insert into domain_event (community_id, type, version, aggregate_type, aggregate_id, payload, actor_user_id)
    values (p_community, p_event_type, p_event_version, p_event_aggregate, v_row.id, p_event_payload, p_user);
    perform pg_notify(p_events_channel, p_community::text || ' ' || p_event_type);
    v_ledger_key := ledger_ref_text(p_key_parts, v_row.id::text);
    select b.transaction_id, b.replayed into v_tx, v_replayed
      from ledger_book(p_community, v_ledger_key, p_ledger_kind, ledger_ref_text(p_memo_parts, v_row.id::text),
                       p_ref_kind, v_row.id, null, null, p_user, p_at, p_accounts, p_amounts, p_text_head,
                       ledger_ref_text(p_tail_parts, v_row.id::text), p_genesis) b;
    if v_replayed then
      raise exception 'mall: the booking % exists without its exchange', v_ledger_key using errcode = 'MX004';
    end if;
    select a.balance into v_balance from ledger_account a
     where a.community_id = p_community and a.id = p_from_account;
    return query select v_row.id, v_row.code, v_row.status, v_row.created_at, v_row.expires_at, false, v_balance;
  end $$`)
    .execute(db);
  await canteenOrder(db);
}

// The canteen's order (issue 15's lunch rush: ≥ 500 orders/s) the same way: `canteen_order` runs its
// transaction in one statement — no live order of the resident for the meal yet (CN001), a seat taken by
// the conditional UPDATE (CN002: full), the order row (a twin that raced past the first check meets the
// live-order index: CN001 too), its outbox event (canteen.order_placed), the audit entry of an order placed
// by staff for someone (when the app sends one), and LAST the funding split booked by `ledger_book`
// (its key and memo name the order), the order then naming its booking (ledger_tx_id). It answers the
// order's id.
async function canteenOrder(db: Kysely<any>) {
  await sql
    .raw(`create function canteen_order(
    p_community integer, p_menu integer, p_resident integer, p_placed_by integer, p_channel text,
    p_mode text, p_address text, p_rule_id integer, p_rule_name text, p_cost integer,
    p_resident_fen integer, p_community_fen integer, p_discount_fen integer, p_subsidy_fen integer,
    p_paid_how text, p_paid_at timestamptz, p_paid_by integer, p_created_at timestamptz,
    p_event_type text, p_event_version integer, p_event_aggregate text, p_event_payload jsonb,
    p_events_channel text, p_audit_role text, p_audit_after jsonb,
    p_key_parts jsonb, p_ledger_kind text, p_memo_parts jsonb, p_ref_kind text, p_at timestamptz,
    p_accounts integer[], p_amounts bigint[], p_text_head text, p_tail_parts jsonb, p_genesis text)
  returns table (o_id integer)
  language plpgsql as $$
  declare
    v_id integer;
    v_tx bigint;
    v_replayed boolean;
  begin
    if exists (select 1 from canteen_order o
                where o.community_id = p_community and o.menu_id = p_menu and o.resident_id = p_resident
                  and o.status = 'placed') then
      raise exception 'canteen: menu % is already ordered for resident %', p_menu, p_resident
        using errcode = 'CN001';
    end if;
    update canteen_menu m set ordered = m.ordered + 1
     where m.community_id = p_community and m.id = p_menu and m.ordered < m.capacity;
    if not found then
      raise exception 'canteen: menu % is full', p_menu using errcode = 'CN002';
    end if;
    insert into canteen_order (community_id, menu_id, resident_id, placed_by, channel, mode, address,
           rule_id, rule_name, cost_fen, resident_fen, community_fen, discount_fen, subsidy_fen, paid_how,
           paid_at, paid_by, created_at)
    values (p_community, p_menu, p_resident, p_placed_by, p_channel, p_mode, p_address, p_rule_id,
           p_rule_name, p_cost, p_resident_fen, p_community_fen, p_discount_fen, p_subsidy_fen, p_paid_how,
           p_paid_at, p_paid_by, coalesce(p_created_at, now()))
    on conflict (community_id, menu_id, resident_id) where status = 'placed' do nothing
    returning id into v_id;
    if not found then
      raise exception 'canteen: menu % is already ordered for resident %', p_menu, p_resident
        using errcode = 'CN001';
    end if;
    insert into domain_event (community_id, type, version, aggregate_type, aggregate_id, payload, actor_user_id)
    values (p_community, p_event_type, p_event_version, p_event_aggregate, v_id, p_event_payload, p_placed_by);
    perform pg_notify(p_events_channel, p_community::text || ' ' || p_event_type);
    if p_audit_after is not null then
      insert into audit_log (actor_user_id, actor_role, scope_community_id, action, target_type, target_id, after)
      values (p_placed_by, p_audit_role, p_community, 'canteen.order.for', 'canteen_order', v_id::text,
              p_audit_after);
    end if;
    select b.transaction_id, b.replayed into v_tx, v_replayed
      from ledger_book(p_community, ledger_ref_text(p_key_parts, v_id::text), p_ledger_kind,
                       ledger_ref_text(p_memo_parts, v_id::text), p_ref_kind, v_id, null, null, p_placed_by,
                       p_at, p_accounts, p_amounts, p_text_head, ledger_ref_text(p_tail_parts, v_id::text),
                       p_genesis) b;
    if v_replayed then
      raise exception 'canteen: the booking of order % exists already', v_id using errcode = 'CN003';
    end if;
    update canteen_order o set ledger_tx_id = v_tx where o.community_id = p_community and o.id = v_id;
    return query select v_id;
  end $$`)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("migrations are forward-only");
}
