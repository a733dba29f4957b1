"""Signed checkpoints: the legality-review office's key vouches for the log's head.

The chain proves order, not authorship: whoever can write the log can edit an entry and
recompute every hash after it. A checkpoint closes that gap. The office signs the head — the
last entry's sequence number and hash, and the time of signing — with its Ed25519 private key
(through ``cryptography``, the kept binding of OpenSSL; extra ``discretion[sign]``), and the
signature is appended to the log as a ``checkpoint`` entry. ``verify --key PUBLIC`` checks every
signature; an entry changed up to a checkpoint no longer has the hash that was signed, and a
forger without the private key cannot sign the new one.

SM2 signatures (GB/T 32918) are not offered: ``cryptography`` does not expose SM2 signing; PyPI's
``gmssl`` is pure Python, leaves the signing nonce to the caller and is not constant-time;
GmSSL's own ``gmssl-python`` needs the GmSSL C library built on the system first; the remaining
wrappers are one person's. None is a kept library to depend on, and the project does not
hand-roll cryptography.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ._chain import ReviewLogError, canonical, digest

ALGORITHM = "ed25519"
_PURPOSE = "discretion review-log checkpoint"


def _crypto() -> Any:
    try:
        from cryptography.hazmat.primitives.asymmetric import ed25519
    except ImportError:
        raise ReviewLogError(
            "签名检查点需要 cryptography / signed checkpoints need cryptography: pip install "
            "'discretion[sign]'"
        ) from None
    return ed25519


def message(seq: int, hash_value: str, time: str) -> bytes:
    """The bytes a checkpoint signs: what it is, the head's ``seq`` and ``hash``, and when."""
    return canonical({"purpose": _PURPOSE, "seq": seq, "hash": hash_value, "time": time})


def fingerprint(public_raw: bytes) -> str:
    """``sha256:…`` of the raw public key: names the key in each checkpoint."""
    return digest("sha256", public_raw)


def generate(private_path: str | os.PathLike[str], public_path: str | os.PathLike[str]) -> str:
    """Write a new key pair as PEM files (the private one readable by its owner only).

    Returns:
        The public key's fingerprint.
    """
    from cryptography.hazmat.primitives import serialization

    key = _crypto().Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key()
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(private)
    Path(public_path).write_bytes(
        public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return fingerprint(public.public_bytes_raw())


def _read(path: str | os.PathLike[str], what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ReviewLogError(
            f"无法读取{what} / cannot read the {what}: {exc.strerror}", file=os.fspath(path)
        ) from None


def load_private(path: str | os.PathLike[str]) -> Any:
    """An Ed25519 private key from a PEM file; a clear error for anything else."""
    from cryptography.hazmat.primitives import serialization

    ed25519 = _crypto()
    try:
        key = serialization.load_pem_private_key(_read(path, "私钥 private key"), password=None)
    except (ValueError, TypeError) as exc:
        raise ReviewLogError(
            f"不是可用的私钥 / not a usable private key (PEM, unencrypted): {exc}",
            file=os.fspath(path),
        ) from None
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise ReviewLogError(
            "私钥不是 Ed25519 / the private key is not an Ed25519 key", file=os.fspath(path)
        )
    return key


def load_public(path: str | os.PathLike[str]) -> Any:
    """An Ed25519 public key from a PEM file; a clear error for anything else."""
    from cryptography.hazmat.primitives import serialization

    ed25519 = _crypto()
    try:
        key = serialization.load_pem_public_key(_read(path, "公钥 public key"))
    except (ValueError, TypeError) as exc:
        raise ReviewLogError(
            f"不是可用的公钥 / not a usable public key (PEM): {exc}", file=os.fspath(path)
        ) from None
    if not isinstance(key, ed25519.Ed25519PublicKey):
        raise ReviewLogError(
            "公钥不是 Ed25519 / the public key is not an Ed25519 key", file=os.fspath(path)
        )
    return key


def sign(key: Any, seq: int, hash_value: str, time: str) -> dict[str, Any]:
    """The fields of a checkpoint entry for this head."""
    signature = key.sign(message(seq, hash_value, time))
    return {
        "kind": "checkpoint",
        "of": {"seq": seq, "hash": hash_value, "time": time},
        "algorithm": ALGORITHM,
        "key": fingerprint(key.public_key().public_bytes_raw()),
        "signature": base64.b64encode(signature).decode("ascii"),
    }


class SignatureChecker:
    """Checks checkpoint entries against one public key (``verify --key``)."""

    def __init__(self, public: Any) -> None:
        self.public = public
        self.fingerprint = fingerprint(public.public_bytes_raw())

    def __call__(self, entry: Mapping[str, Any]) -> str | None:
        from cryptography.exceptions import InvalidSignature

        of = entry.get("of")
        if entry.get("algorithm") != ALGORITHM or not isinstance(of, dict):
            return f"检查点格式不对 / a checkpoint must be {ALGORITHM} with 'of'"
        if entry.get("key") != self.fingerprint:
            return (
                f"检查点由另一把密钥签名 / the checkpoint was signed with key {entry.get('key')}, "
                f"not with the given public key {self.fingerprint}"
            )
        try:
            signature = base64.b64decode(str(entry.get("signature", "")), validate=True)
            self.public.verify(signature, message(of["seq"], of["hash"], of["time"]))
        except (InvalidSignature, KeyError, ValueError, TypeError):
            return (
                "签名无效 / the signature does not verify: the checkpoint, or the head it "
                "signed, was forged or altered"
            )
        return None
