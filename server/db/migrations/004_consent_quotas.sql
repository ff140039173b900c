-- Membership needs consent: being added to a vault is an invitation until the invitee accepts it.
-- Rows from before this migration were memberships already.
alter table vault_members add column status text not null default 'active' check (status in ('invited', 'active'));
alter table vault_members add column invited_by uuid references accounts(id) on delete set null;
create index vault_members_invited on vault_members(account_id) where status = 'invited';

-- Quotas: what a vault holds, kept up to date under the vault row's lock by every push, so the
-- per-account totals are a cheap sum over the vaults an account created.
alter table vaults add column item_count bigint not null default 0;
alter table vaults add column item_bytes bigint not null default 0;
update vaults v set
  item_count = (select count(*) from items i where i.vault_id = v.id),
  item_bytes = (select coalesce(sum(length(i.blob)), 0) from items i where i.vault_id = v.id);
create index vaults_created_by on vaults(created_by);
