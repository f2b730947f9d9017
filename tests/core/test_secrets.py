"""Users' secrets at rest (core/secrets.py): keyed from SECRET_KEY, one key per purpose."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.fernet import Fernet

from api.targets.fetch_options import FetchOptions
from api.targets.options_cipher import FetchOptionsCipher
from core.secrets import SecretBox, UnreadableSecret

KEY = "k" * 40


def test_a_box_opens_what_it_closed_and_nothing_else() -> None:
    token = SecretBox(KEY, "channel secret").encrypt(b"whsec_abc")
    assert b"whsec_abc" not in token.encode()
    assert SecretBox(KEY, "channel secret").decrypt(token) == b"whsec_abc"
    with pytest.raises(UnreadableSecret, match="channel secret cannot be decrypted"):
        SecretBox("other" * 8, "channel secret").decrypt(token)
    with pytest.raises(UnreadableSecret):
        SecretBox(KEY, "fetch options").decrypt(token)  # each purpose has its own key
    with pytest.raises(UnreadableSecret):
        SecretBox(KEY, "channel secret").decrypt("not a token ü")


def test_fetch_options_stored_before_the_move_to_core_still_decrypt() -> None:
    # How api/targets/fetch_options.py derived its key before core/secrets.py existed.
    old_key = hashlib.sha256(b"offerwatch fetch options\0" + KEY.encode()).digest()
    stored = Fernet(base64.urlsafe_b64encode(old_key)).encrypt(
        b'{"cookies":{"s":"c00kie"},"headers":{},"proxy":null}'
    )
    assert FetchOptionsCipher(KEY).decrypt(stored.decode()) == FetchOptions(cookies={"s": "c00kie"})
