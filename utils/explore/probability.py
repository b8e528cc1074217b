"""Chapter 11's explorer: two histograms, a reference sample and a shifted one, with the
divergence between them and the drift tests' verdict.

It also holds the two-sample tests the explorer reads out (the Kolmogorov–Smirnov test
with its asymptotic p-value, and the population stability index), as the chapter writes
them in section 5.
"""

from __future__ import annotations

import functools
import math

import ipywidgets as widgets
import numpy as np

from utils import plots
from utils.explore.base import Explorer, fixed, number, slider

#: The explorer's histogram bins (fixed, so the picture does not jump) and its x window.
DRIFT_BINS = np.linspace(-5.0, 7.0, 49)
#: The largest sample size the explorer offers; samples are drawn once at this size.
DRIFT_MAX_N = 5000
#: The levels α the explorer offers.
DRIFT_ALPHAS = (0.01, 0.05, 0.1)


def ks_pvalue(D, n: int, m: int):
    """The asymptotic p-value of a two-sample KS statistic ``D`` (samples of n and m).

    Kolmogorov's limit distribution, Q(λ) = 2 Σₖ (−1)ᵏ⁻¹ exp(−2k²λ²), at
    λ = (√nₑ + 0.12 + 0.11/√nₑ)·D with nₑ = nm/(n + m) (Stephens' correction for finite
    samples); 1 for λ < 0.2, where Q is 1 to 12 digits. Works on arrays of D.
    First used in chapter 11.
    """
    ne = n * m / (n + m)
    lam = (math.sqrt(ne) + 0.12 + 0.11 / math.sqrt(ne)) * np.asarray(D, dtype=float)
    k = np.arange(1, 101)
    with np.errstate(under="ignore"):
        series = 2 * np.sum((-1.0) ** (k - 1) * np.exp(-2 * k**2 * lam[..., None] ** 2), axis=-1)
    return np.where(lam < 0.2, 1.0, np.clip(series, 0.0, 1.0))


def ks_test(reference, current) -> tuple[float, float]:
    """The two-sample Kolmogorov–Smirnov test: (D, p-value).

    D is the largest gap between the two empirical CDFs, evaluated at every observed value
    (``searchsorted(..., side="right")``: the fraction ≤ t, so ties are counted once);
    the p-value is :func:`ks_pvalue`. First used in chapter 11.
    """
    a = np.sort(np.asarray(reference, dtype=float).ravel())
    b = np.sort(np.asarray(current, dtype=float).ravel())
    grid = np.concatenate([a, b])
    gaps = (np.searchsorted(a, grid, side="right") / a.size
            - np.searchsorted(b, grid, side="right") / b.size)
    D = float(np.max(np.abs(gaps)))
    return D, float(ks_pvalue(D, a.size, b.size))


def psi(reference, current, bins: int = 10, floor: float = 1e-4) -> float:
    """The population stability index of ``current`` against ``reference``.

    Bins are the reference's deciles (``bins`` quantile bins, the outer ones open-ended);
    with r and c the fractions of each sample per bin (floored at ``floor`` so an empty
    bin does not give log 0), PSI = Σ (c − r) ln(c / r). First used in chapter 11.
    """
    reference = np.asarray(reference, dtype=float).ravel()
    current = np.asarray(current, dtype=float).ravel()
    inner = np.quantile(reference, np.linspace(0, 1, bins + 1)[1:-1])
    r = np.bincount(np.searchsorted(inner, reference, side="right"), minlength=bins)
    c = np.bincount(np.searchsorted(inner, current, side="right"), minlength=bins)
    r = np.maximum(r / reference.size, floor)
    c = np.maximum(c / current.size, floor)
    return float(np.sum((c - r) * np.log(c / r)))


def kl_normal(mu1: float, s1: float, mu2: float, s2: float) -> float:
    """KL(N(μ₁, s₁²) ‖ N(μ₂, s₂²)) in nats, the closed form. First used in chapter 11."""
    return math.log(s2 / s1) + (s1**2 + (mu1 - mu2) ** 2) / (2 * s2**2) - 0.5


@functools.cache
def drift_samples(seed: int = 11) -> tuple[np.ndarray, np.ndarray]:
    """The explorer's standard normal draws: the reference's and the current sample's z.

    Drawn once at :data:`DRIFT_MAX_N`; a sample of size n is the first n draws, and the
    current sample is shift + scale · z, so moving a slider changes the data smoothly.
    """
    rng = np.random.default_rng(seed)
    return rng.normal(size=DRIFT_MAX_N), rng.normal(size=DRIFT_MAX_N)


def drift_state(shift: float = 0.5, scale: float = 1.0, n: int = 500, alpha: float = 0.05) -> dict:
    """The reference N(0, 1) and the current N(shift, scale²), n draws each, and the tests.

    Holds both samples' histogram densities on :data:`DRIFT_BINS`, the KS statistic and
    p-value, the decision at ``alpha``, the PSI of the samples and the closed-form KL of
    the current distribution from the reference one. First used in chapter 11.
    """
    n = int(n)
    z_ref, z_cur = drift_samples()
    reference, current = z_ref[:n], float(shift) + float(scale) * z_cur[:n]
    D, p = ks_test(reference, current)
    width = DRIFT_BINS[1] - DRIFT_BINS[0]
    densities = [np.histogram(sample, DRIFT_BINS)[0] / (n * width)
                 for sample in (reference, current)]
    return {
        "shift": float(shift), "scale": float(scale), "n": n, "alpha": float(alpha),
        "reference": reference, "current": current,
        "reference_density": densities[0], "current_density": densities[1],
        "ks": D, "p": p, "drift": p < alpha, "psi": psi(reference, current),
        "kl": kl_normal(float(shift), float(scale), 0.0, 1.0),
    }


def _psi_words(value: float) -> str:
    if value < 0.1:
        return "below 0.1: 'stable' by the rule of thumb"
    if value < 0.25:
        return "0.1 to 0.25: 'moderate shift' by the rule of thumb"
    return "above 0.25: 'major shift' by the rule of thumb"


def drift_readout(state: dict) -> str:
    """The two samples' tests in words: KS statistic and p-value, the decision, PSI and KL."""
    alpha = state["alpha"]
    verdict = ("<b style='color:#b3261e'>drift</b>: p < α, reject 'same distribution'"
               if state["drift"] else
               "<b>no evidence of drift</b> at this n (p ≥ α: which is not proof of "
               "no drift)")
    return (f"{state['n']} samples each; current = N({fixed(state['shift'])}, "
            f"{fixed(state['scale'])}²)<br>"
            f"KS statistic $D$ = {fixed(state['ks'], 3)}, p-value = {number(state['p'])}<br>"
            f"at α = {number(alpha)}: {verdict}<br>"
            f"PSI = {fixed(state['psi'], 3)} ({_psi_words(state['psi'])})<br>"
            f"KL(current ‖ reference) = {fixed(state['kl'], 3)} nats (closed form)")


def drift_draw(ax, state: dict, artists: dict) -> None:
    """Both histograms as step outlines on fixed bins; the title carries the decision."""
    if not artists:
        ax.set_xlim(DRIFT_BINS[0], DRIFT_BINS[-1])
        ax.set_ylim(0, 0.9)
        ax.set_xlabel("feature value")
        ax.set_ylabel("density")
        zeros = np.zeros(len(DRIFT_BINS) - 1)
        artists["reference"] = ax.stairs(zeros, DRIFT_BINS, fill=True, alpha=0.35,
                                         color=plots.COLORS["a"], label="reference")
        artists["current"] = ax.stairs(zeros, DRIFT_BINS, lw=1.6, color=plots.COLORS["b"],
                                       label="current")
        ax.legend(fontsize=8, loc="upper right")
        artists["title"] = ax.set_title("", fontsize=9)
        artists["moving"] = [artists["reference"], artists["current"], artists["title"]]
        artists["background"] = "axes"
    artists["reference"].set_data(state["reference_density"])
    artists["current"].set_data(state["current_density"])
    decision = "drift" if state["drift"] else "no evidence of drift"
    artists["title"].set_text(f"KS p = {number(state['p'])} at n = {state['n']}: {decision} "
                              f"(α = {number(state['alpha'])})")


def drift_explorer(shift: float = 0.5, scale: float = 1.0, n: int = 500,
                   alpha: float = 0.05) -> Explorer:
    """A reference sample and a shifted, rescaled one: their histograms, KS, PSI and KL.

    First used in chapter 11 (detecting data drift).
    """
    controls = {
        "shift": slider("shift μ", -2.0, 2.0, shift, 0.05),
        "scale": slider("scale σ", 0.5, 2.0, scale, 0.05),
        "n": slider("samples n", 50, DRIFT_MAX_N, n, 50, integer=True),
        "alpha": widgets.SelectionSlider(
            options=list(DRIFT_ALPHAS), value=alpha, description="level α",
            continuous_update=True, style={"description_width": "initial"},
            layout=widgets.Layout(width="320px")),
    }
    return Explorer(controls, drift_state, drift_readout, drift_draw, size=(5.4, 3.4))
