-- KeyHaven sync server schema, v2: what lets clients check the server instead of trusting it.
-- Every new column holds something a client signed or sealed; the server only stores and serves it.

-- The account's identity signing key (SPKI, base64url): it signs the account's device certificates
-- and revocations. Set once.
alter table accounts add column signing_public_key text;

-- A device counts for its account only with a certificate that key signed; a revocation is a signed
-- statement too. Both are the client's JSON, kept as text.
alter table devices add column certificate text;
alter table devices add column revocation text;

-- v2 audit records: the server gives each entry its place (seq) and its link (prev, the hash of the
-- record before); entry_id is the entry's own id, unique in its vault, so a re-sent entry is not
-- appended twice. v1 rows keep both inside the entry and leave these null.
alter table audit_entries add column prev text;
alter table audit_entries add column entry_id text;
create unique index audit_entries_entry_id on audit_entries(vault_id, entry_id) where entry_id is not null;

-- 1 until the vault's first v2 record; from then on v1 entries are refused (no downgrade).
alter table vaults add column audit_format smallint not null default 1;
