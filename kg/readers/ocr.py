"""Page images and scanned pages (the 'ocr' extra: rapidocr-onnxruntime, whose models ship inside the wheel)."""
from __future__ import annotations

import unicodedata
from pathlib import Path

from ..corpus import InputError
from .base import Document, date_from_name, masthead_facts, need, ocr_notes
from .layout import Piece, add_page, read_order

MIN_SIDE = 200  # pixels: a smaller image cannot hold a readable line of newspaper text
_ENGINE = None


def ocr_engine(path, what: str = "reading images"):
    """The OCR engine, made once per process (loading its models takes a moment)."""
    global _ENGINE
    if _ENGINE is None:
        rapidocr = need("rapidocr_onnxruntime", path, "ocr", f"{what} (OCR)")
        _ENGINE = rapidocr.RapidOCR()
    return _ENGINE


def image_pieces(image, path, where: str = "") -> list[Piece]:
    """OCR lines of a PIL image as positioned pieces; the size is the character pitch along the line."""
    import numpy as np

    width, height = image.size
    if min(width, height) < MIN_SIDE:
        raise InputError(f"{path}: image too small to read ({width}x{height} px{where})")
    result, _ = ocr_engine(path)(np.asarray(image.convert("L")), use_cls=False)  # printed pages stand upright
    pieces = []
    for box, text, score in result or []:
        xs, ys = [pt[0] for pt in box], [pt[1] for pt in box]
        x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
        units = sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text.strip())
        size = (x1 - x0) / units if units >= 3 else (bottom - top) * 0.85
        pieces.append(Piece(float(x0), float(x1), float(top), float(bottom), text, float(size), float(score)))
    return pieces


def read(path: Path) -> Document:
    """A page image (PNG, JPEG, TIFF) → its text in reading order, each line with the engine's confidence."""
    image_module = need("PIL.Image", path, "ocr", "images")
    try:
        with image_module.open(path) as opened:
            image = opened.convert("L")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, ValueError, image_module.DecompressionBombError) as exc:
        raise InputError(f"{path}: not an image that can be read ({str(exc)[:80]})") from None
    doc = Document("", "image", pages=[(0, 1)])
    pieces = image_pieces(image, path)
    if not pieces:
        raise InputError(f"{path}: OCR found no text in the image")
    chunks: list[str] = []
    add_page(chunks, read_order(pieces, float(image.width), lambda t: masthead_facts(doc, t, "image")),
             doc.confidence)
    doc.text = unicodedata.normalize("NFC", "".join(chunks))
    date_from_name(doc, path.name)
    ocr_notes(doc, path)
    return doc
