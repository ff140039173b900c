-- Team vaults' member rosters (docs/crypto.md §23): each revision is sealed under the vault key and
-- signed by an admin; the server only keeps them in order, one revision after another.
create table vault_rosters (
  vault_id uuid not null references vaults(id) on delete cascade,
  revision integer not null check (revision > 0),
  blob text not null,
  created_at timestamptz not null default now(),
  primary key (vault_id, revision)
);
