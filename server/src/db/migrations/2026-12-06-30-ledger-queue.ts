import { type Kysely, sql } from "kysely";

// The ledger's bookings of one community queue on an advisory lock (class 7401, key: the community)
// before they lock the chain's head: waiters on a row lock all wake at each commit and race for the row
// again, while the lock manager's queue wakes only the next waiter. Measured with \`npm run bench -- ledger\`
// on 2 cores (docs/benchmarks.md, issue 12): 1,366–1,584 transactions/s before, 1,608–1,727 after, 50 of
// the 100 clients booking in one community. Everything else in \`ledger_book\` (migration 26) is unchanged;
// the advisory lock is released at the booking's commit or rollback, like the row lock.
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`create or replace function ledger_book(
    p_community integer, p_key text, p_kind text, p_memo text, p_ref_kind text, p_ref_id integer,
    p_voucher integer, p_corrects bigint, p_actor integer, p_at timestamptz,
    p_accounts integer[], p_amounts bigint[], p_text_head text, p_text_tail text, p_genesis text)
  returns table (transaction_id bigint, replayed boolean)
  language plpgsql as $$
  declare
    v_seq bigint;
    v_prev text;
    v_hash text;
    v_id bigint;
    v_balance bigint;
    v_detail text;
    i integer;
  begin
    if (select count(*) from ledger_account
         where community_id = p_community and id = any(p_accounts)) <> cardinality(p_accounts) then
      raise exception 'ledger: an account is not in community %', p_community using errcode = 'LD003';
    end if;
    if exists (select 1 from ledger_account a
                 join unnest(p_accounts, p_amounts) as v(account_id, amount) on v.account_id = a.id
                where a.community_id = p_community
                group by a.unit having sum(v.amount) <> 0) then
      raise exception 'ledger: the postings do not sum to zero per unit' using errcode = 'LD004';
    end if;
    -- the community's bookings queue here, in the lock manager's order: a finished booking wakes only
    -- the next one (waiters on a row lock all wake at each commit and race for it again)
    perform pg_advisory_xact_lock(7401, p_community);
    select c.last_seq, c.last_hash into v_seq, v_prev
      from ledger_chain c where c.community_id = p_community for update;
    if not found then
      insert into ledger_chain (community_id, last_hash) values (p_community, p_genesis)
        on conflict (community_id) do nothing;
      select c.last_seq, c.last_hash into v_seq, v_prev
        from ledger_chain c where c.community_id = p_community for update;
    end if;
    select t.id into v_id from ledger_transaction t
     where t.community_id = p_community and t.idempotency_key = p_key;
    if found then
      return query select v_id, true;
      return;
    end if;
    if p_corrects is not null and exists (select 1 from ledger_transaction t
         where t.community_id = p_community and t.corrects_id = p_corrects) then
      raise exception 'ledger: transaction % is already corrected', p_corrects using errcode = 'LD002';
    end if;
    v_seq := v_seq + 1;
    v_hash := encode(sha256(convert_to(p_text_head || v_seq::text || p_text_tail || v_prev, 'UTF8')), 'hex');
    insert into ledger_transaction (community_id, seq, idempotency_key, kind, memo, ref_kind, ref_id,
           voucher_file_id, corrects_id, actor_user_id, created_at, prev_hash, hash)
    values (p_community, v_seq, p_key, p_kind, p_memo, p_ref_kind, p_ref_id,
           p_voucher, p_corrects, p_actor, p_at, v_prev, v_hash)
    returning id into v_id;
    for i in 1 .. cardinality(p_accounts) loop
      update ledger_account a set balance = a.balance + p_amounts[i]
       where a.community_id = p_community and a.id = p_accounts[i]
         and (a.allow_negative or a.balance + p_amounts[i] >= 0)
      returning a.balance into v_balance;
      if not found then
        select json_build_object('id', a.id, 'zh', a.name_zh, 'en', a.name_en)::text into v_detail
          from ledger_account a where a.community_id = p_community and a.id = p_accounts[i];
        raise exception 'ledger: account % would go below zero', p_accounts[i]
          using errcode = 'LD001', detail = v_detail;
      end if;
      insert into ledger_entry (community_id, transaction_id, account_id, amount, balance_after)
      values (p_community, v_id, p_accounts[i], p_amounts[i], v_balance);
    end loop;
    update ledger_chain set last_seq = v_seq, last_hash = v_hash where community_id = p_community;
    return query select v_id, false;
  end $$`)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("migrations are forward-only");
}
