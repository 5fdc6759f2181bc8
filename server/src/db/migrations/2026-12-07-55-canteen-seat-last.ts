import type { Kysely } from "kysely";
import { sql } from "kysely";

// The lunch rush (issue 15): canteen_order (migration 51) took the meal's seat — the conditional UPDATE
// of canteen_menu, a row every order of the meal waits on until the commit — as its second step, so the
// whole order (the order row, its event, the audit entry, the booking) ran under that row lock. Now the
// seat is taken last but one, right before ledger_book (which takes the community's chain lock anyway),
// so orders of one meal overlap everything but the seat and the booking. Same checks, same error codes
// (CN001 a live order of the resident for the meal, CN002 full, CN003 a booking that exists); a full
// meal rolls back the order row and event written before it (the function is one statement).
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`create or replace function canteen_order(
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
    update canteen_menu m set ordered = m.ordered + 1
     where m.community_id = p_community and m.id = p_menu and m.ordered < m.capacity;
    if not found then
      raise exception 'canteen: menu % is full', p_menu using errcode = 'CN002';
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
