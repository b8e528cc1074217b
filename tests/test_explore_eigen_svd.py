"""The chapter 04 explorer (rank-k image): its pure compute function, and the widget headless."""

import numpy as np
import pytest

from utils import explore, toys

# A warning would reach the learner's stderr.
pytestmark = pytest.mark.filterwarnings("error")


def test_image_svd_is_the_picture_and_cached():
    """image_svd returns the toy picture with an SVD that rebuilds it, computed once."""
    image, U, s, Vt = explore.image_svd(32)
    assert np.array_equal(image, toys.pattern_image(32))
    assert np.allclose((U * s) @ Vt, image)
    assert explore.image_svd(32)[1] is U


@pytest.mark.parametrize("k", [1, 2, 5, 17, 40, 95])
def test_error_measured_equals_eckart_young(k):
    """The measured errors equal the ones predicted from the discarded singular values."""
    state = explore.rank_k_image(k)
    image, _, s, _ = explore.image_svd()
    assert np.isclose(state["error"], state["predicted"], rtol=1e-9, atol=1e-14)
    assert np.isclose(state["predicted"], np.sqrt(np.sum(s[k:] ** 2) / np.sum(s**2)))
    assert np.isclose(np.linalg.norm(state["residual"], 2), state["sigma_next"], rtol=1e-9)
    assert np.linalg.matrix_rank(state["approximation"]) == k
    assert np.isclose(state["curve"][k - 1], state["predicted"])
    assert np.allclose(state["approximation"] + state["residual"], image)


def test_full_rank_is_exact_and_the_curve_falls():
    """k = size rebuilds the picture; the error curve never rises; storage is k (m + n + 1)."""
    size = explore.RANK_K_SIZE
    state = explore.rank_k_image(size)
    assert state["error"] < 1e-12 and state["predicted"] == 0.0 and state["sigma_next"] == 0.0
    assert np.all(np.diff(state["curve"]) <= 1e-15) and state["curve"][-1] == 0.0
    assert state["stored"] == size * (2 * size + 1) and state["pixels"] == size * size
    assert explore.rank_k_image(10)["stored"] == 10 * (2 * size + 1)


def test_residual_mode_and_bad_k():
    """show_residual shows A − A_k; a k outside 0..size is refused."""
    state = explore.rank_k_image(3, show_residual=True)
    assert state["shown"] is state["residual"]
    assert explore.rank_k_image(3)["shown"] is not explore.rank_k_image(3)["residual"]
    with pytest.raises(ValueError):
        explore.rank_k_image(explore.RANK_K_SIZE + 1)


def test_readout_names_the_numbers():
    """The readout shows storage, both errors and sigma_{k+1}."""
    state = explore.rank_k_image(10)
    text = explore.rank_k_readout(state)
    assert f"{state['stored']}" in text and f"{state['error']:.4f}" in text
    assert f"{state['sigma_next']:.4f}" in text


def test_explorer_redraws_on_slider_and_toggle():
    """Moving k and toggling the residual recompute the state, readout and picture."""
    ex = explore.rank_k_explorer()
    before_png, before_error = ex.image.value, ex.state["error"]
    ex.controls["k"].value = 20
    assert ex.state["k"] == 20 and ex.state["error"] < before_error
    assert ex.image.value != before_png and ex.image.value[:4] == b"\x89PNG"
    assert f"{ex.state['error']:.4f}" in ex.readout.value
    after_k = ex.image.value
    ex.controls["show_residual"].value = True
    assert ex.state["show_residual"] and ex.image.value != after_k
    assert ex.artists["image"].get_cmap().name == "RdBu_r"
    ex.controls["show_residual"].value = False
    assert ex.artists["image"].get_cmap().name == "gray"
    assert ex.last_ms > 0
