"""The demo's authenticator keys: fixed, so the README and ``load_demo`` can name them.

Only the demo accounts made by ``load_demo`` carry them; ``demo_code`` prints the current
code for such an account and refuses any other (a real member's key never leaves their
authenticator app).
"""

from __future__ import annotations

import hashlib


def demo_key(username: str) -> str:
    """The 20-byte TOTP key (hex) of demo account ``username``."""
    return hashlib.sha1(f"medreview-demo-{username}".encode()).hexdigest()  # noqa: S324 - a name, not a secret
