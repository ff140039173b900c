-- KeyHaven sync server schema, v1. The server stores ids, ciphertext, revisions, times and membership:
-- every `blob`, `keyring` and `meta` column is opaque ciphertext produced by a client.

create table server_settings (
  name text primary key,
  value text not null
);

create table accounts (
  id uuid primary key,
  email text not null unique,
  kdf jsonb not null,
  -- scrypt hash of the client's auth key; the auth key itself is never stored.
  auth_hash text not null,
  keyring text not null,
  keyring_revision bigint not null default 1,
  identity_public_key text not null,
  created_at timestamptz not null default now()
);

create table devices (
  id uuid primary key,
  account_id uuid not null references accounts(id) on delete cascade,
  name text not null,
  signing_public_key text not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index devices_account on devices(account_id);

create table sessions (
  -- SHA-256 of the bearer token: a leaked table does not give working tokens.
  token_hash bytea primary key,
  account_id uuid not null references accounts(id) on delete cascade,
  device_id uuid not null references devices(id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_device on sessions(device_id);

create table vaults (
  id uuid primary key,
  created_by uuid not null references accounts(id),
  meta text not null,
  meta_revision bigint not null default 1,
  -- Change counter for items: every write takes the next value under the row lock, so a pull cursor
  -- never skips a change that commits later.
  item_seq bigint not null default 0,
  audit_seq bigint not null default 0,
  audit_hash text not null default 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  audit_ts bigint not null default 0,
  created_at timestamptz not null default now()
);

create table vault_members (
  vault_id uuid not null references vaults(id) on delete cascade,
  account_id uuid not null references accounts(id) on delete cascade,
  role text not null check (role in ('admin', 'editor', 'viewer')),
  added_at timestamptz not null default now(),
  primary key (vault_id, account_id)
);
create index vault_members_account on vault_members(account_id);

create table vault_keys (
  vault_id uuid not null references vaults(id) on delete cascade,
  account_id uuid not null references accounts(id) on delete cascade,
  key_version integer not null,
  blob text not null,
  revision bigint not null default 1,
  primary key (vault_id, account_id, key_version)
);

create table items (
  vault_id uuid not null references vaults(id) on delete cascade,
  id uuid not null,
  revision bigint not null,
  seq bigint not null,
  blob text,
  deleted boolean not null default false,
  updated_at timestamptz not null default now(),
  primary key (vault_id, id)
);
create index items_vault_seq on items(vault_id, seq);

create table audit_entries (
  vault_id uuid not null references vaults(id) on delete cascade,
  seq bigint not null,
  entry jsonb not null,
  hash text not null,
  device_id uuid not null references devices(id),
  created_at timestamptz not null default now(),
  primary key (vault_id, seq)
);
