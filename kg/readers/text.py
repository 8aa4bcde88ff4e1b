"""Plain text issue files: decoded as before (UTF-8, GB18030, Big5), nothing more."""
from __future__ import annotations

from pathlib import Path

from ..corpus import decode, read_bytes
from .base import Document


def read(path: Path) -> Document:
    text, encoding = decode(read_bytes(path), str(path))
    return Document(text, "text", encoding)
