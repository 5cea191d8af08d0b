"""Colour arithmetic for the map's tests: how a deuteranope sees a fill, and how far apart two
colours look (CIE76 ΔE in CIELAB).

The simulation is Machado, Oliveira and Fernandes (2009), severity 1.0, applied in linear RGB.
"""

from __future__ import annotations

import re

_DEUTERANOPIA = (
    (0.367322, 0.860646, -0.227968),
    (0.280085, 0.672501, 0.047413),
    (-0.011820, 0.042940, 0.968881),
)


def parse_rgb(css: str) -> tuple[float, float, float]:
    """``rgb(30, 123, 52)`` or ``#1e7b34`` as three 0-1 floats."""
    if css.startswith("#"):
        return tuple(int(css[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]
    r, g, b = (float(x) for x in re.findall(r"[\d.]+", css)[:3])
    return r / 255, g / 255, b / 255


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def deuteranope(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """The colour a deuteranope sees (sRGB in, sRGB out)."""
    lin = [_linear(c) for c in rgb]
    out = [sum(m * c for m, c in zip(row, lin, strict=True)) for row in _DEUTERANOPIA]
    return tuple(_gamma(c) for c in out)  # type: ignore[return-value]


def lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (_linear(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """CIE76 distance of two sRGB colours."""
    la, lb = lab(a), lab(b)
    return sum((p - q) ** 2 for p, q in zip(la, lb, strict=True)) ** 0.5


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG contrast ratio of two sRGB colours."""

    def lum(c: tuple[float, float, float]) -> float:
        r, g, b_ = (_linear(x) for x in c)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
