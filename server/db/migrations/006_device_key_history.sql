-- Device-key rotation (docs/crypto.md §20): a device keeps its id when it rotates its signing key. The
-- certificates of its earlier keys stay, oldest first, because they are what verifies the entries the
-- device signed before: each earlier key counts only for entries stamped before the next key's
-- certificate. `certificate` and `signing_public_key` hold the current key.
alter table devices add column earlier_certificates text[] not null default '{}';
