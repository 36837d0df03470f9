"""Organisations: one row per recipient or partner, keyed by organisation number where known, else by name."""

from __future__ import annotations

import hashlib
import re

import polars as pl

# Vinnova coordinators are written "ORGANISATION - Department"; the organisation is the part before " - ".
_DEPARTMENT_SEPARATOR = re.compile(r"\s+[-–]\s+")


def organisation_name(written: str) -> str:
    """The organisation part of a name as written, tidied for display (ALL-CAPS names title-cased)."""
    name = _DEPARTMENT_SEPARATOR.split(written.strip(), maxsplit=1)[0].strip()
    name = " ".join(name.split())
    if name.isupper() and len(name) > 4:
        # Keep short all-caps words that are acronyms (AB, RISE, KTH) as they are.
        name = " ".join(w if len(w) <= 3 else w.capitalize() for w in name.split(" "))
    return name


def organisation_key(name: str) -> str:
    """Case- and space-insensitive key used to recognise the same organisation written differently."""
    return " ".join(name.casefold().split())


def organisation_key_expr(written: pl.Expr) -> pl.Expr:
    """`organisation_key(organisation_name(written))` as a polars expression, for whole columns: the part
    before " - ", spaces collapsed, case folded (lower case, ß as ss, σ for final ς, as str.casefold does for
    the letters of Nordic and other Latin and Greek names)."""
    return (
        written.str.strip_chars()
        .str.replace(r"\s+[-–]\s+(?s:.*)$", "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .str.to_lowercase()
        .str.replace_all("ß", "ss", literal=True)
        .str.replace_all("ς", "σ", literal=True)
    )


def organisation_id(name: str | None, country: str | None, org_number: str | None = None) -> str | None:
    if org_number:
        basis = f"nr:{country or ''}:{re.sub(r'[^0-9]', '', org_number)}"
    elif name:
        basis = f"name:{country or ''}:{organisation_key(organisation_name(name))}"
    else:
        return None
    return "org-" + hashlib.sha1(basis.encode()).hexdigest()[:14]
