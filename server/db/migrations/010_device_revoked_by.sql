-- Which of the account's devices revoked a device, so that the revoked one can be told "removed by
-- Firefox on macOS" when its next request is refused (docs/decisions.md #112). Only the first revocation
-- counts, like revoked_at; a device row is never deleted on its own, so no cascade is needed.
alter table devices add column revoked_by uuid references devices(id);
