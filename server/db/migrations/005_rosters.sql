-- Team vaults' member rosters (docs/crypto.md §23): each revision is sealed under the vault key and
-- signed by an admin; the server only keeps them in order, one revision after another.
create table vault_rosters (
  vault_id uuid not null references vaults(id) on delete cascade,
  revision integer not null check (revision > 0),
  blob text not null,
  created_at timestamptz not null default now(),
  primary key (vault_id, revision)
);

-- What each account's devices verified about teams (newest roster positions, people seen), sealed under
-- the account key: a member's newly signed-in device starts from it instead of trusting revision 1.
alter table accounts add column team_memory text;
alter table accounts add column team_memory_revision bigint not null default 0;
