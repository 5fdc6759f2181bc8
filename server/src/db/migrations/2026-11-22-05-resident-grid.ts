import { type Kysely, sql } from "kysely";

// A grid worker's people search reads one grid: residents carry their household's grid so the
// search is an index range over (community_id, grid_id) instead of a walk over the grid's
// households. Triggers keep the copy in step whoever writes (API, import, demo, generator).
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    "alter table resident add column grid_id integer",
    `update resident r set grid_id = h.grid_id
       from household h where h.community_id = r.community_id and h.id = r.household_id and h.grid_id is not null`,
    "create index resident_grid on resident(community_id, grid_id, id) include (name, phone_tail, status)",
    `create function resident_take_grid() returns trigger language plpgsql as $$
     begin
       if new.household_id is null then
         new.grid_id := null;
       else
         select h.grid_id into new.grid_id from household h
          where h.community_id = new.community_id and h.id = new.household_id;
       end if;
       return new;
     end $$`,
    `create trigger resident_grid_on_write before insert or update of household_id on resident
       for each row execute function resident_take_grid()`,
    `create function household_pass_grid() returns trigger language plpgsql as $$
     begin
       update resident set grid_id = new.grid_id
        where community_id = new.community_id and household_id = new.id;
       return null;
     end $$`,
    `create trigger household_grid_on_change after update of grid_id on household
       for each row when (old.grid_id is distinct from new.grid_id) execute function household_pass_grid()`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("the resident-grid migration cannot be reverted");
}
