"""A second, independent implementation of KeyHaven's formats (v1 and v2), written from docs/crypto.md alone.

Reads {"vectors": <keyhaven-v1.json>, "syncVectors": ..., "v2": <keyhaven-v2.json>, "team": <keyhaven-v2-team.json>, "signing": <keyhaven-v2-signing.json>,
"accountRotation": <keyhaven-v2-account-rotation.json>, "backup": <a backup file>, "password": ...} on stdin and prints what it decrypted and verified, as JSON;
the access-token and summary-index vectors come as "tokens" and "summary" or, when absent, from tests/vectors/, and check_tokens
refuses them (non-zero exit) on any difference. Uses only Python's standard library and `cryptography`.
"""
import base64
import hashlib
import json
import sys
import unicodedata
import zlib
from pathlib import Path

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def b64d(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hkdf(ikm, info, length=32, salt=b""):
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt or None, info=info.encode()).derive(ikm)


def open_blob(key, blob, aad):
    assert blob[0] == 0x01, "blob version byte must be 0x01"
    return AESGCM(key).decrypt(blob[1:13], blob[13:], aad.encode())


def master_secret(password, kdf):
    assert kdf["alg"] == "PBKDF2-SHA256" and kdf["iterations"] >= 600000
    pw = unicodedata.normalize("NFKC", password).encode()
    return hashlib.pbkdf2_hmac("sha256", pw, b64d(kdf["salt"]), kdf["iterations"], 32)


def open_backup(password, file):
    assert file["format"] == "keyhaven-backup" and file["v"] == 1
    master = master_secret(password, file["kdf"])
    if hkdf(master, "keyhaven:v1:verifier", 16) != b64d(file["verifier"]):
        raise SystemExit("wrong password")
    key = hkdf(master, "keyhaven:v1:backup")
    return json.loads(open_blob(key, b64d(file["data"]), "keyhaven:v1:backup:" + file["id"]))


def open_item(password, v):
    account = v["account"]["record"]
    kek = hkdf(master_secret(password, account["kdf"]), "keyhaven:v1:kek")
    account_key = open_blob(kek, b64d(account["wrappedKey"]), f"keyhaven:v1:account-key:{account['accountId']}:{account['keyVersion']}")
    vault = v["vault"]["record"]
    entry = next(k for k in vault["keys"] if k["version"] == vault["current"])
    vault_key = open_blob(account_key, b64d(entry["wrappedKey"]), f"keyhaven:v1:vault-key:{vault['vaultId']}:{entry['version']}")
    item = v["item"]
    env = item["envelope"]
    dek = open_blob(vault_key, b64d(env["dek"]), f"keyhaven:v1:dek:{item['vaultId']}:{item['itemId']}:{env['kv']}")
    payload = json.loads(open_blob(dek, b64d(env["data"]), f"keyhaven:v1:item:{item['vaultId']}:{item['itemId']}"))
    return payload, vault_key


def open_share(v):
    s = v["share"]
    member = serialization.load_der_private_key(b64d(s["memberPrivatePkcs8"]), password=None)
    ephemeral = serialization.load_der_public_key(b64d(s["ephemeralSpki"]))
    z = member.exchange(ec.ECDH(), ephemeral)
    info = f"keyhaven:v1:share:{s['vaultId']}:{s['keyVersion']}"
    key = hkdf(z, info, salt=b64d(s["ephemeralSpki"]) + b64d(s["memberSpki"]))
    return open_blob(key, b64d(s["wrappedKey"]), info)


def jcs(value):
    # RFC 8785 for the shapes an audit entry has (ASCII keys, strings, safe integers, null).
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def check_audit(v, vault_key):
    a = v["audit"]
    keys = {d: serialization.load_der_public_key(b64d(spki)) for d, spki in a["devices"].items()}
    prev = base64.urlsafe_b64encode(bytes(32)).decode().rstrip("=")
    hashes_, details = [], []
    for e in a["entries"]:
        assert e["prev"] == prev, f"broken link at seq {e['seq']}"
        sig = b64d(e["sig"])
        r, s = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
        assert s <= P256_N // 2, "signature is not low-S"
        unsigned = {k: val for k, val in e.items() if k != "sig"}
        try:
            keys[e["device"]].verify(encode_dss_signature(r, s), jcs(unsigned), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            raise SystemExit(f"bad signature at seq {e['seq']}")
        prev = base64.urlsafe_b64encode(hashlib.sha256(jcs(e)).digest()).decode().rstrip("=")
        hashes_.append(prev)
        details.append(
            json.loads(open_blob(vault_key, b64d(e["detail"]), f"keyhaven:v1:audit-detail:{e['vault']}:{e['seq']}")) if e["detail"] else None
        )
    return hashes_, details


def b64e(raw):
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def verify_signed(public_key, record):
    """ECDSA P-256 / SHA-256 over the JCS bytes of the record without `sig`; low-S only (§11, §20)."""
    sig = b64d(record["sig"])
    r, s = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
    assert len(sig) == 64 and s <= P256_N // 2, "signature is not a low-S P1363 signature"
    unsigned = {k: val for k, val in record.items() if k != "sig"}
    public_key.verify(encode_dss_signature(r, s), jcs(unsigned), ec.ECDSA(hashes.SHA256()))


def account_key_of(password, v):
    account = v["account"]["record"]
    kek = hkdf(master_secret(password, account["kdf"]), "keyhaven:v1:kek")
    return open_blob(kek, b64d(account["wrappedKey"]), f"keyhaven:v1:account-key:{account['accountId']}:{account['keyVersion']}")


def check_v2(v, v2, vault_key):
    """§20: the identity signing key, a certificate, a revocation; §21: the v1 chain continued by v2 records."""
    account_id = v2["signing"]["accountId"]
    spki = b64d(v2["signing"]["record"]["publicSpki"])
    digest = b64e(hashlib.sha256(spki).digest())
    pkcs8 = open_blob(account_key_of(v["password"], v), b64d(v2["signing"]["record"]["wrappedPrivateKey"]), f"keyhaven:v2:signing-key:{account_id}:{digest}")
    private = serialization.load_der_private_key(pkcs8, password=None)
    derived = private.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert derived == spki, "the wrapped signing key is not the one its public key names"
    identity = serialization.load_der_public_key(spki)
    dev = v2["device"]
    cert, revocation = dev["certificate"], dev["revocation"]
    verify_signed(identity, cert)
    verify_signed(identity, revocation)
    assert cert["kind"] == "device-certificate" and cert["account"] == account_id and cert["device"] == dev["id"] and cert["key"] == dev["publicSpki"]
    assert revocation["kind"] == "device-revocation" and revocation["device"] == dev["id"]
    device_key = serialization.load_der_public_key(b64d(cert["key"]))

    chain = v2["chain"]
    head = v["audit"]["expected"]["head"]
    seen_hashes = {0: b64e(bytes(32))}
    prev = b64e(bytes(32))
    for i, e in enumerate(v["audit"]["entries"]):
        prev = b64e(hashlib.sha256(jcs(e)).digest())
        seen_hashes[e["seq"]] = prev
    assert prev == head["hash"]
    hashes_, details, ids = [], [], set()
    last_write, upgraded = {}, False
    seq, ts = head["seq"], head["ts"]
    for record in chain["records"]:
        e = record["entry"]
        assert record["seq"] == seq + 1 and record["prev"] == prev, f"broken link at record {record['seq']}"
        assert e["v"] == 2 and e["vault"] == chain["vaultId"] and e["id"] not in ids
        assert e["seen"]["seq"] < record["seq"] and seen_hashes[e["seen"]["seq"]] == e["seen"]["hash"], "seen is not a head of this chain"
        assert e["device"] == dev["id"] and e["actor"] == account_id and e["ts"] < revocation["revokedAt"]
        verify_signed(device_key, e)
        if e["action"] in ("item.write", "item.baseline"):
            check_item_history(e, last_write, upgraded, b64e(hashlib.sha256(chain["itemBlob"].encode()).digest()))
            last_write[e["item"]] = e["write"]
        else:
            assert e["write"] is None, "only item.write and item.baseline records name a write"
        upgraded = upgraded or e["action"] == "vault.upgrade"
        ids.add(e["id"])
        prev = b64e(hashlib.sha256(jcs(record)).digest())
        seq, ts = record["seq"], max(ts, e["ts"])
        seen_hashes[seq] = prev
        hashes_.append(prev)
        details.append(json.loads(open_blob(vault_key, b64d(e["detail"]), f"keyhaven:v2:audit-detail:{e['vault']}:{e['id']}")) if e["detail"] else None)
    return {"hashes": hashes_, "details": details, "head": {"seq": seq, "hash": prev, "ts": ts}}


def check_item_history(e, last_write, upgraded, item_hash):
    """§22: a write follows the item's last one (revision + 1, prev = its hash); a baseline only before the upgrade."""
    w, before = e["write"], last_write.get(e["item"])
    assert w["deleted"] == (w["hash"] is None), "a write is a delete exactly when it names no blob"
    assert w["hash"] in (None, item_hash), "the write record names another blob"
    if e["action"] == "item.baseline":
        assert not upgraded and w["prev"] is None, "a baseline after the upgrade, or with a predecessor"
        return
    expected_prev = None if before is None or before["deleted"] else before["hash"]
    assert w["rev"] == (before["rev"] + 1 if before else 1) and w["prev"] == expected_prev, "a write that does not follow the item's last one"


def fingerprint(spki):
    digest = hashlib.sha256(spki).digest()
    return " ".join(f"{int.from_bytes(digest[g * 5:g * 5 + 5], 'big') % 100000:05d}" for g in range(6))


def open_vault_meta(sv, vault_key, name="vaultMeta"):
    meta = json.loads(sv[name]["blob"])
    body = json.loads(open_blob(vault_key, b64d(meta["data"]), f"keyhaven:v1:vault-meta:{sv[name]['vaultId']}:{meta['kv']}"))
    days = body.get("keyRotationDays", 90)
    assert days is None or (isinstance(days, int) and 1 <= days <= 3650), "keyRotationDays is 1-3650 days or null"
    return body


def person_fingerprint(person):
    """§23: the §10 digits over "keyhaven:v2:person" ‖ be16 len ‖ signing SPKI ‖ be16 len ‖ identity SPKI."""
    signing, identity = b64d(person["signingKey"]), b64d(person["identityKey"])
    data = b"keyhaven:v2:person" + len(signing).to_bytes(2, "big") + signing + len(identity).to_bytes(2, "big") + identity
    return fingerprint(data)


def check_team(v, team, vault_key):
    """§23: fingerprints, the sealed and signed roster revisions and their hash links, a v2 share blob."""
    people = {p["account"]: p for p in (team["people"]["admin"], team["people"]["member"])}
    fingerprints = [person_fingerprint(people[a]) for a in sorted(people)]
    prev, hashes_, previous = None, [], None
    for r in team["rosters"]:
        sealed = json.loads(r["blob"])
        assert sealed["v"] == 2
        roster = json.loads(open_blob(vault_key, b64d(sealed["data"]), f"keyhaven:v2:roster:{team['vaultId']}:{r['revision']}"))
        assert roster["revision"] == r["revision"] and roster["prev"] == prev and roster["vault"] == team["vaultId"]
        signers = previous["members"] if previous else roster["members"]
        signer = next(m for m in signers if m["account"] == roster["by"])
        assert signer["role"] == "admin", "a roster must be signed by an admin of the revision before"
        verify_signed(serialization.load_der_public_key(b64d(signer["signingKey"])), roster)
        prev = b64e(hashlib.sha256(jcs(roster)).digest())
        hashes_.append(prev)
        previous = roster
    share = json.loads(team["share"]["blob"])
    assert share["kind"] == "share" and share["v"] == 2 and share["to"] == team["people"]["member"]["account"]
    admin = next(m for m in previous["members"] if m["account"] == share["by"] and m["role"] == "admin")
    verify_signed(serialization.load_der_public_key(b64d(admin["signingKey"])), share)
    member = serialization.load_der_private_key(b64d(v["share"]["memberPrivatePkcs8"]), password=None)
    ephemeral_spki = b64d(share["ephemeralSpki"])
    z = member.exchange(ec.ECDH(), serialization.load_der_public_key(ephemeral_spki))
    info = f"keyhaven:v1:share:{team['vaultId']}:{share['version']}"
    key = hkdf(z, info, salt=ephemeral_spki + b64d(team["people"]["member"]["identityKey"]))
    def memory_of(tm):
        return json.loads(open_blob(account_key_of(v["password"], v), b64d(tm["blob"]), f"keyhaven:v2:team-memory:{tm['accountId']}"))
    return {"fingerprints": fingerprints, "rosterHashes": hashes_, "shareVaultKeyHex": open_blob(key, b64d(share["wrappedKey"]), info).hex(), "teamMemory": memory_of(team["teamMemory"]), "teamMemoryInvites": memory_of(team["teamMemoryInvites"])}


def live_signing_keys(item, now):
    """§14: keys that verify at `now`: item active, key active, and current or now < verifiesUntil."""
    if item["status"]["state"] != "active":
        return []
    keys = item.get("signing", {"keys": []})["keys"]
    return [k for k in keys if k["status"]["state"] == "active" and (k["verifiesUntil"] is None or iso_ms(now) < iso_ms(k["verifiesUntil"]))]


def iso_ms(text):
    from datetime import datetime
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def check_signing(vault_key, sv):
    """Opens the endpoint item and says which live key (if any) verifies each recorded header."""
    import hmac
    env = sv["envelope"]
    dek = open_blob(vault_key, b64d(env["dek"]), f"keyhaven:v1:dek:{sv['vaultId']}:{sv['itemId']}:{env['kv']}")
    item = json.loads(open_blob(dek, b64d(env["data"]), f"keyhaven:v1:item:{sv['vaultId']}:{sv['itemId']}"))
    current = [k for k in item["signing"]["keys"] if k["retiredAt"] is None]
    assert len(current) == 1 and current[0]["secret"] == item["value"], "the current key is the item's value"
    hook = sv["webhook"]
    moments = []
    for moment in sv["expected"]["at"]:
        live = live_signing_keys(item, moment["now"])
        matches = []
        for h in hook["headers"]:
            parts = dict(p.split("=", 1) for p in h["header"].split(","))
            assert int(parts["t"]) == hook["timestamp"]
            signed = f"{parts['t']}.{hook['payload']}".encode()
            found = [k["id"] for k in live if hmac.compare_digest(hmac.new(k["secret"].encode(), signed, "sha256").hexdigest(), parts["v1"])]
            matches.append(found[0] if found else None)
        moments.append({"now": moment["now"], "liveKeyIds": sorted(k["id"] for k in live), "matches": matches})
    return {"payload": item, "at": moments}


def check_account_rotation(r):
    """§5, §24: the record's key under the KEK, older versions under it, and data under any version.

    Nothing under the account key names the account key's version, so a reader tries the current key,
    then the older ones; the GCM tag says which one it was (and that no other one is).
    """
    record = r["account"]["record"]
    account_id, version = record["accountId"], record["keyVersion"]
    master = master_secret(r["password"], record["kdf"])
    assert hkdf(master, "keyhaven:v1:verifier", 16) == b64d(record["verifier"]), "wrong password"
    kek = hkdf(master, "keyhaven:v1:kek")
    current = open_blob(kek, b64d(record["wrappedKey"]), f"keyhaven:v1:account-key:{account_id}:{version}")
    older = {}
    for p in record.get("previous", []):
        # A version that is not older, or appears twice, refuses the record (as a tag failure does).
        assert 1 <= p["keyVersion"] < version and p["keyVersion"] not in older, "a previous version that is not older, or appears twice"
        older[p["keyVersion"]] = open_blob(current, b64d(p["wrappedKey"]), f"keyhaven:v1:previous-account-key:{account_id}:{p['keyVersion']}")
    keys = [(version, current)] + sorted(older.items(), reverse=True)

    def open_with_any(blob, aad):
        for v, key in keys:
            try:
                return v, open_blob(key, blob, aad)
            except InvalidTag:
                continue
        raise SystemExit(f"{aad} opens with no version of the account key")

    vault_keys, opened_with = {}, {}
    for name in ("underVersion1", "underVersion2"):
        ring = r["vault"][name]
        entry = next(k for k in ring["keys"] if k["version"] == ring["current"])
        opened_with[name], vault_keys[name] = open_with_any(b64d(entry["wrappedKey"]), f"keyhaven:v1:vault-key:{ring['vaultId']}:{entry['version']}")
    assert vault_keys["underVersion1"] == vault_keys["underVersion2"], "the two keyrings hold different vault keys"
    item = r["item"]
    env = item["envelope"]
    dek = open_blob(vault_keys["underVersion2"], b64d(env["dek"]), f"keyhaven:v1:dek:{item['vaultId']}:{item['itemId']}:{env['kv']}")
    payload = json.loads(open_blob(dek, b64d(env["data"]), f"keyhaven:v1:item:{item['vaultId']}:{item['itemId']}"))
    # The pending state wraps the next version under the version it rotates from (here 1).
    pending = open_blob(older[version - 1], b64d(r["pending"]["nextKey"]), f"keyhaven:v1:next-account-key:{account_id}:{version}")
    return {
        "kekHex": kek.hex(),
        "accountKeyHex": current.hex(),
        "previous": [{"keyVersion": v, "accountKeyHex": key.hex()} for v, key in sorted(older.items())],
        "vaultKeyHex": {name: key.hex() for name, key in vault_keys.items()},
        "openedWith": opened_with,
        "item": payload,
        "pendingKeyHex": pending.hex(),
    }


def check_device_rotation(d, identity_spki):
    """§20: a device's certificates in time order; each key but the last is retired at the next key's
    certificate time, and verifies only entries stamped before it. §21: records linked as in check_v2."""
    identity = serialization.load_der_public_key(b64d(identity_spki))
    dev = d["device"]
    certs = sorted(dev["certificates"], key=lambda c: c["issuedAt"])
    for c in certs:
        verify_signed(identity, c)
        assert c["kind"] == "device-certificate" and c["account"] == dev["accountId"] and c["device"] == dev["id"]
    windows = []  # (key, retiredAt or None)
    for i, c in enumerate(certs):
        later = next((n["issuedAt"] for n in certs[i + 1:] if n["key"] != c["key"]), None)
        windows.append((c["key"], later))

    def verdict(e):
        if e["device"] != dev["id"] or e["actor"] != dev["accountId"]:
            return "unknown-device"
        for key, retired_at in windows:
            try:
                verify_signed(serialization.load_der_public_key(b64d(key)), e)
            except (InvalidSignature, AssertionError):
                continue
            return "ok" if retired_at is None or e["ts"] < retired_at else "retired-key"
        return "bad-signature"

    prev, seq, ts, hashes_ = b64e(bytes(32)), 0, 0, []
    for record in d["chain"]["records"]:
        e = record["entry"]
        assert record["seq"] == seq + 1 and record["prev"] == prev and e["vault"] == d["chain"]["vaultId"]
        assert verdict(e) == "ok", f"record {record['seq']} does not verify"
        prev = b64e(hashlib.sha256(jcs(record)).digest())
        seq, ts = record["seq"], max(ts, e["ts"])
        hashes_.append(prev)
    refused = [verdict(r["record"]["entry"]) for r in d["refused"]]
    return {"retired": [{"key": k, "retiredAt": t} for k, t in windows if t is not None], "hashes": hashes_, "head": {"seq": seq, "hash": prev, "ts": ts}, "refused": refused}


BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def base62(n, width):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = BASE62[r] + out
    return out.rjust(width, "0")


def parse_token(text):
    """§25: "kh_" ‖ base62(S), 43 characters ‖ base62(CRC32(UTF-8 of all before)), 6; S, or None if it is not one."""
    text = text.strip()
    if len(text) != 52 or not text.startswith("kh_") or any(c not in BASE62 for c in text[3:]):
        return None
    body, check = text[:-6], text[-6:]
    if base62(zlib.crc32(body.encode()), 6) != check:
        return None
    n = 0
    for c in body[3:]:
        n = n * 62 + BASE62.index(c)
    if n >= 1 << 256:
        return None
    return n.to_bytes(32, "big")


def in_scope(scope, item_id, payload):
    """§25: an item is in scope when it passes every filter that is not null."""
    if scope["items"] is not None and item_id not in scope["items"]:
        return False
    if scope["tags"] is not None and not any(t in scope["tags"] for t in payload["tags"]):
        return False
    return scope["environment"] is None or payload["environment"] == scope["environment"]


def refuses(open_, what):
    try:
        open_()
    except InvalidTag:
        return
    raise SystemExit(f"{what} opened")


def check_tokens(t, v, vault_key, signer_spki):
    """§25: each token's text parses, derives its credential (and stored hash) and key; both members' copies
    open under the vault's current key and are signed by `by`; the views open with the token keys; the
    vault-wide token's vault key copy and the narrowed token's grant open and read the v1 item, which the
    narrowed scope holds; every refused text is refused."""
    vault_id, item = t["vaultId"], t["item"]
    assert vault_id == v["vault"]["record"]["vaultId"] and t["signer"]["publicSpki"] == signer_spki
    assert vault_key.hex() == t["vaultKey"]["expected"]["vaultKeyHex"]
    current = v["vault"]["record"]["current"]
    signer = serialization.load_der_public_key(b64d(signer_spki))
    keys, descriptions = {}, {}
    for name in ("vaultWide", "narrowed"):
        tok, expected = t[name], t[name]["expected"]
        secret = parse_token(tok["text"])
        assert secret is not None and secret.hex() == tok["secretHex"], f"{name}: the text does not parse to its secret"
        body = "kh_" + base62(int.from_bytes(secret, "big"), 43)
        assert body + base62(zlib.crc32(body.encode()), 6) == tok["text"], f"{name}: the secret does not format to its text"
        credential = b64e(hkdf(secret, "keyhaven:v2:token:credential"))
        token_key = hkdf(secret, "keyhaven:v2:token:key")
        assert credential == expected["credential"] and token_key.hex() == expected["tokenKeyHex"], f"{name}: derived halves"
        assert b64e(hashlib.sha256(credential.encode()).digest()) == expected["credentialHash"], f"{name}: credential hash"

        sealed = json.loads(tok["description"]["blob"])
        assert sealed["v"] == 2 and sealed["kv"] == current, f"{name}: not sealed under the vault's current key version"
        aad = f"keyhaven:v2:access-token:{vault_id}:{tok['id']}:{sealed['kv']}"
        desc = json.loads(open_blob(vault_key, b64d(sealed["data"]), aad))
        assert desc == tok["description"]["expected"]["descriptor"], f"{name}: members' copy"
        assert desc["v"] == 2 and desc["kind"] == "access-token" and desc["readOnly"] is True
        assert desc["vault"] == vault_id and desc["id"] == tok["id"] and desc["by"] == t["signer"]["accountId"]
        assert desc["key"] == b64e(token_key), f"{name}: the description holds another key"
        unsigned = {k: val for k, val in desc.items() if k != "sig"}
        assert jcs(unsigned).decode() == tok["description"]["expected"]["signedJcs"]
        try:
            verify_signed(signer, desc)
        except InvalidSignature:
            raise SystemExit(f"{name}: the description is not signed by its maker")
        try:
            verify_signed(signer, {**desc, "name": desc["name"] + "!"})
            raise SystemExit(f"{name}: a changed description still verifies")
        except InvalidSignature:
            pass
        refuses(lambda: open_blob(vault_key, b64d(sealed["data"]), f"keyhaven:v2:access-token:{vault_id}:{tok['id']}:{sealed['kv'] + 1}"), f"{name}: description under another kv")

        view = json.loads(open_blob(token_key, b64d(tok["view"]["blob"]), f"keyhaven:v2:token-view:{vault_id}:{tok['id']}"))
        assert view == {k: val for k, val in desc.items() if k not in ("key", "sig")} == tok["view"]["expected"], f"{name}: view"
        vault_wide = all(view["scope"][f] is None for f in ("items", "tags", "environment"))
        assert ("vault" if vault_wide else "items") == tok["mode"], f"{name}: kind of scope"
        keys[name], descriptions[name] = token_key, desc

    env = item["envelope"]
    wide = t["vaultWide"]
    copy = wide["vaultKey"]
    opened = open_blob(keys["vaultWide"], b64d(copy["blob"]), f"keyhaven:v2:token-vault-key:{vault_id}:{wide['id']}:{copy['keyVersion']}")
    assert opened == vault_key and opened.hex() == copy["expected"]["vaultKeyHex"], "the vault-wide token's copy is another key"
    dek_via_vault = open_blob(opened, b64d(env["dek"]), f"keyhaven:v1:dek:{vault_id}:{item['itemId']}:{env['kv']}")

    narrow = t["narrowed"]
    grant = narrow["grant"]
    assert grant["itemId"] == item["itemId"] and grant["revision"] == item["revision"]
    grant_aad = f"keyhaven:v2:token-dek:{vault_id}:{narrow['id']}:{grant['itemId']}:{grant['revision']}"
    dek = open_blob(keys["narrowed"], b64d(grant["blob"]), grant_aad)
    assert dek == dek_via_vault and dek.hex() == grant["expected"]["dekHex"], "the grant holds another DEK"
    refuses(lambda: open_blob(keys["narrowed"], b64d(grant["blob"]), grant_aad[: grant_aad.rindex(":") + 1] + str(grant["revision"] + 1)), "a grant for another revision")
    refuses(lambda: open_blob(keys["vaultWide"], b64d(grant["blob"]), grant_aad), "a grant under another token's key")
    payload = json.loads(open_blob(dek, b64d(env["data"]), f"keyhaven:v1:item:{vault_id}:{item['itemId']}"))
    assert payload == item["expected"]["payload"], "the item"
    assert in_scope(descriptions["narrowed"]["scope"], item["itemId"], payload) is grant["expected"]["inScope"] is True

    rule = [in_scope(r["scope"], r["itemId"], r) for r in t["scopeRule"]]
    assert rule == [r["inScope"] for r in t["scopeRule"]], "the scope rule"
    for a in t["accepted"]:
        secret = parse_token(a["text"])
        assert secret is not None and secret.hex() == a["secretHex"], "an accepted text"
    taken = [r["reason"] for r in t["refused"] if parse_token(r["text"]) is not None]
    assert not taken, f"texts that should be refused: {taken}"
    return {"credentials": [t[n]["expected"]["credential"] for n in ("vaultWide", "narrowed")], "item": payload, "refused": len(t["refused"])}


def mask(value):
    """§26 mask: by code point; under 12 nothing shows, else min(4, len // 6) on each side."""
    chars = list(value)
    if len(chars) < 12:
        return "\u2022" * 8
    n = min(4, len(chars) // 6)
    return "".join(chars[:n]) + "\u2026" + "".join(chars[-n:])


def check_summary(s, v, item_payload):
    """§26: open the sealed summary index, recompute its tags and masks, and find no value or note in it."""
    import hmac

    account_key = account_key_of(v["password"], v)
    cache = s["cache"]
    aad = f"keyhaven:v2:summary-index:{v['account']['record']['accountId']}:{v['vault']['record']['vaultId']}"
    assert aad == s["aad"], "the vector names another AAD than the one §26 builds"
    plain = open_blob(account_key, b64d(cache["sealed"]), aad).decode("utf-8")
    body = json.loads(plain)
    assert set(body) == {"v", "tagKey", "digest", "items", "unreadable"} and body["v"] == 1, "unexpected summary body"
    pairs = sorted(([st["itemId"], st["blob"]] for st in s["states"]), key=lambda p: p[0])
    digest = b64e(hashlib.sha256(json.dumps(pairs, separators=(",", ":"), ensure_ascii=False).encode("utf-8")).digest())
    assert digest == body["digest"], "the digest does not name the stored states"
    assert sorted([i for i, _ in body["items"]] + body["unreadable"]) == sorted(st["itemId"] for st in s["states"]), "the index does not cover exactly the stored items"
    tag_key = b64d(body["tagKey"])
    assert len(tag_key) == 32, "tag key is not 32 bytes"
    for secret in s["plaintextValues"].values():
        assert secret not in plain, "a value or a note is inside the summary index"
    items = dict((i, f) for i, f in body["items"])
    mine = items[v["item"]["itemId"]]
    assert mine["name"] == item_payload["name"] and mine["masked"] == mask(item_payload["value"]), "the v1 item's facts do not match its payload"
    tag = b64e(hmac.new(tag_key, item_payload["value"].encode("utf-8"), hashlib.sha256).digest())
    for facts in items.values():
        if facts["type"] == "note":
            assert facts["valueTag"] is None and facts["masked"] == "\u2022" * 8, "a note has a tag or shows its text"
        else:
            assert facts["valueTag"] == tag, "same value, different tag"
    return {"digest": digest, "items": body["items"], "unreadable": body["unreadable"], "tag": tag}


def main():
    data = json.load(sys.stdin)
    v = data["vectors"]
    payload, vault_key = open_item(v["password"], v)
    # The token vectors may be sent like the others; if not, they are read from their file.
    tokens = data.get("tokens") or json.loads((Path(__file__).resolve().parent.parent / "vectors" / "keyhaven-v2-tokens.json").read_text("utf-8"))
    summary = data.get("summary") or json.loads((Path(__file__).resolve().parent.parent / "vectors" / "keyhaven-v2-summary.json").read_text("utf-8"))
    hashes_, details = check_audit(v, vault_key)
    json.dump(
        {
            "backup": open_backup(data["password"], data["backup"]),
            "vectorBackup": open_backup(v["password"], v["backup"]["file"]),
            "item": payload,
            "shareVaultKeyHex": open_share(v).hex(),
            "auditHashes": hashes_,
            "auditDetails": details,
            "fingerprint": fingerprint(b64d(v["identity"]["publicSpki"])),
            "vaultMeta": open_vault_meta(data["syncVectors"], vault_key),
            "vaultMetaSchedule": open_vault_meta(data["syncVectors"], vault_key, "vaultMetaSchedule"),
            "v2": check_v2(v, data["v2"], vault_key),
            "team": check_team(v, data["team"], vault_key),
            "signing": check_signing(vault_key, data["signing"]),
            "accountRotation": check_account_rotation(data["accountRotation"]),
            "deviceRotation": check_device_rotation(data["deviceRotation"], data["v2"]["signing"]["record"]["publicSpki"]),
            "tokens": check_tokens(tokens, v, vault_key, data["v2"]["signing"]["record"]["publicSpki"]),
            "summary": check_summary(summary, v, payload),
        },
        sys.stdout,
    )


main()
