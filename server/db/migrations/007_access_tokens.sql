-- Access tokens for machines (docs/crypto.md §25, docs/api.md "Access tokens"). The server keeps a hash
-- of each token's credential, two opaque descriptions (one under the vault key for the members, one
-- under the token key for the token) and, in the clear, only what it enforces: expiry and allowed
-- address ranges. What the token may read is wrapped under its key: the vault keys (a vault-wide
-- token) or one DEK per item revision in scope (a narrowed one). Revoking deletes those for good.
create table access_tokens (
  id uuid primary key,
  vault_id uuid not null references vaults(id) on delete cascade,
  -- SHA-256 of the credential (itself derived from the token's secret): the table gives no working token.
  credential_hash bytea not null unique,
  descriptor text not null,
  view text not null,
  mode text not null check (mode in ('vault', 'items')),
  expires_at timestamptz,
  allowed_ips text[] not null default '{}',
  created_by uuid not null references accounts(id) on delete cascade,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  last_used_at timestamptz,
  last_used_ip text
);
create index access_tokens_vault on access_tokens(vault_id);

create table access_token_keys (
  token_id uuid not null references access_tokens(id) on delete cascade,
  key_version integer not null,
  blob text not null,
  primary key (token_id, key_version)
);

create table access_token_grants (
  token_id uuid not null references access_tokens(id) on delete cascade,
  vault_id uuid not null,
  item_id uuid not null,
  revision bigint not null,
  blob text not null,
  primary key (token_id, item_id)
);
create index access_token_grants_item on access_token_grants(vault_id, item_id);

-- What the server saw of a token: its first use each day and each refusal, with the address. An admin's
-- client claims them (for a few minutes, so two admins' devices do not both take them), signs them into
-- the vault's chain (`token.use`, `token.refuse`) and marks them chained.
create table access_token_events (
  id bigserial primary key,
  token_id uuid not null references access_tokens(id) on delete cascade,
  vault_id uuid not null,
  at timestamptz not null default now(),
  kind text not null check (kind in ('use', 'refuse')),
  reason text,
  ip text not null,
  chained boolean not null default false,
  claimed_until timestamptz
);
create index access_token_events_vault on access_token_events(vault_id, chained, id);

-- Goes up with every creation, revocation and re-wrap: a push must be made for the newest list, since
-- its grants depend on which narrowed tokens exist.
alter table vaults add column token_seq bigint not null default 0;
