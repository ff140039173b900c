-- Item writes named in the audit chain (docs/crypto.md §22): the seq of the v2 record that names each
-- item's current state, and whether a vault requires such a record with every write (from its first
-- `vault.upgrade` record on: every item it held is named by then).
alter table items add column record_seq bigint;
alter table vaults add column item_records boolean not null default false;
