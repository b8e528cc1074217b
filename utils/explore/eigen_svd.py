"""Chapter 04's explorer: rank-k approximation of an image."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from utils import plots, toys
from utils.explore.base import Explorer, power_of_ten, slider

#: Side in pixels of the picture the rank-k explorer approximates.
RANK_K_SIZE = 96
#: Relative errors drawn on the rank-k explorer's log axis (plain-text ticks: fast).
RANK_K_TICKS = (1.0, 0.01, 1e-4)
_IMAGE_SVD: dict = {}


def image_svd(size: int = RANK_K_SIZE) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``toys.pattern_image(size)`` and its SVD ``(image, U, s, Vt)``, computed once per size.

    First used in chapter 04 (the rank-k image explorer).
    """

    if size not in _IMAGE_SVD:
        image = toys.pattern_image(size)
        _IMAGE_SVD[size] = (image, *np.linalg.svd(image))
    return _IMAGE_SVD[size]


def rank_k_image(k: int, show_residual: bool = False, size: int = RANK_K_SIZE) -> dict:
    """The rank-k approximation of the chapter 04 picture, with its error measured and predicted.

    ``approximation`` is ``U[:, :k] * s[:k] @ Vt[:k]`` (the first k singular triplets);
    ``error`` is ``‖A − A_k‖_F / ‖A‖_F`` measured on the pixels and ``predicted`` the same
    from the discarded singular values alone, ``sqrt(σ²_{k+1} + … + σ²_r) / ‖A‖_F``
    (Eckart–Young); ``sigma_next`` is ``σ_{k+1}`` (0 when nothing is discarded), which
    Eckart–Young says is ``‖A − A_k‖_2`` (not measured here: an SVD per slider move is too
    slow on a busy machine; chapter 04 checks it). ``curve`` is the predicted
    error for every k in ``ks``; ``stored`` counts the numbers a rank-k approximation keeps,
    ``k (m + n + 1)``, against ``pixels = m n``. ``shown`` is the approximation, or the
    residual ``A − A_k`` when ``show_residual``. First used in chapter 04.
    """
    image, U, s, Vt = image_svd(size)
    k = int(k)
    if not 0 <= k <= s.size:
        raise ValueError(f"k must be between 0 and {s.size}, not {k}")
    approximation = (U[:, :k] * s[:k]) @ Vt[:k]
    residual = image - approximation
    total = float(np.linalg.norm(s))
    tails = np.sqrt(np.cumsum((s**2)[::-1])[::-1])  # tails[j] = sqrt(s_j^2 + ... + s_r^2)
    curve = np.append(tails[1:], 0.0) / total
    m, n = image.shape
    return {
        "k": k, "image": image, "approximation": approximation, "residual": residual,
        "shown": residual if show_residual else approximation, "show_residual": bool(show_residual),
        "error": float(np.linalg.norm(residual)) / total,
        "predicted": float(tails[k]) / total if k < s.size else 0.0,
        "sigma_next": float(s[k]) if k < s.size else 0.0,
        "ks": np.arange(1, s.size + 1), "curve": curve,
        "stored": k * (m + n + 1), "pixels": m * n,
    }


def rank_k_readout(state: dict) -> str:
    """Storage, the error measured next to Eckart–Young's prediction, and σ_{k+1} = ‖A − A_k‖_2."""
    k = state["k"]
    return (
        f"rank $k = {k}$: stores $k\\,(m + n + 1) = {state['stored']}$ numbers, "
        f"{state['stored'] / state['pixels']:.1%} of the {state['pixels']} pixels<br>"
        f"relative error $\\|A - A_k\\|_F / \\|A\\|_F$: measured {state['error']:.4f}, "
        f"from the discarded singular values {state['predicted']:.4f}<br>"
        f"largest discarded singular value $\\sigma_{{k+1}} = {state['sigma_next']:.4f}$ "
        "$= \\|A - A_k\\|_2$, the largest stretch of what is left out"
    )


def rank_k_draw(ax, state: dict, artists: dict) -> None:
    """The picture (or what is left out) on the left; the error against k on the right."""
    if not artists:
        figure = ax.figure
        ax.set_position([0.02, 0.06, 0.44, 0.82])
        image = state["image"]
        artists["image"] = plots.show_image(ax, state["shown"], vmin=float(image.min()),
                                            vmax=float(image.max()))
        artists["title"] = ax.set_title("")
        curve_ax = figure.add_axes([0.6, 0.16, 0.37, 0.72])
        plots.apply_style(curve_ax)
        curve_ax.semilogy(state["ks"], np.maximum(state["curve"], 1e-300), color=plots.COLORS["a"])
        artists["marker"] = curve_ax.plot([], [], "o", color=plots.COLORS["b"])[0]
        artists["k line"] = curve_ax.axvline(1, color=plots.COLORS["muted"], lw=0.8, ls=":")
        curve_ax.set_ylim(5e-6, 1.5)
        last = int(state["ks"][-1])
        curve_ax.set_xlim(0, last + 1)
        xticks = np.linspace(0, last, 3).round()
        curve_ax.set_xticks(xticks, [f"{t:g}" for t in xticks])
        curve_ax.set_yticks(RANK_K_TICKS, [power_of_ten(round(np.log10(t))) for t in RANK_K_TICKS])
        curve_ax.minorticks_off()
        curve_ax.set_xlabel("rank k")
        curve_ax.set_title("relative error ‖A − Aₖ‖ / ‖A‖ (Frobenius)\n"
                           "line: from the σ's   dot: measured", fontsize=8)
        artists["mode"] = None
        artists["moving"] = [artists[k] for k in ("image", "title", "marker", "k line")]
        artists["background"] = "fixed"  # the error curve and the axes never change
    if artists["mode"] != state["show_residual"]:
        artists["mode"] = state["show_residual"]
        if state["show_residual"]:
            artists["image"].set_cmap("RdBu_r")
            artists["image"].set_clim(-0.15, 0.15)
        else:
            artists["image"].set_cmap("gray")
            artists["image"].set_clim(float(state["image"].min()), float(state["image"].max()))
    artists["image"].set_data(state["shown"])
    what = "A − Aₖ (what is left out)" if state["show_residual"] else "Aₖ"
    artists["title"].set_text(f"{what}, k = {state['k']}")
    artists["marker"].set_data([state["k"]], [max(state["error"], 1e-300)])
    artists["k line"].set_xdata([state["k"]] * 2)


def rank_k_explorer(k: int = 5, size: int = RANK_K_SIZE) -> Explorer:
    """A rank-k slider over the chapter 04 picture, with the reconstruction error against k.

    First used in chapter 04 (low-rank approximation).
    """
    controls = {
        "k": slider("rank k", 1, size, k, integer=True),
        "show_residual": widgets.ToggleButton(value=False, description="show A − Aₖ"),
    }

    def compute(k: int, show_residual: bool) -> dict:
        return rank_k_image(k, show_residual, size)

    return Explorer(controls, compute, rank_k_readout, rank_k_draw, size=(7.6, 3.6),
                    readout_below=True)
