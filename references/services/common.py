"""Pieces every reference service shares."""

from __future__ import annotations

from articles.permissions import require

__all__ = ["require"]
