"""The packaged sentence encoder: shape, unit length, batching, truncation, and the checks at load."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from quotetrail import embed
from quotetrail.embed import DIM, ENV_ENCODER, PACKAGED_ENCODER, Encoder, encoder, encoder_folder
from quotetrail.errors import ModelNotFound

TEXTS = [
    "The sugar tax will help families",
    "Families will benefit from the sugar tax",
    "Penguins huddle together to keep warm",
    "",
    "Nuclear power should be expanded across the northern provinces, the minister said on Monday.",
]


@pytest.fixture(scope="module")
def enc() -> Encoder:
    return encoder()


def test_vectors_are_unit_float32_of_width_384(enc: Encoder) -> None:
    v = enc.encode(TEXTS)
    assert v.shape == (len(TEXTS), DIM) and v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)


def test_a_paraphrase_is_closer_than_an_unrelated_sentence(enc: Encoder) -> None:
    v = enc.encode(TEXTS[:3])
    assert v[0] @ v[1] > 0.8
    assert v[0] @ v[2] < 0.3


def test_batch_companions_move_a_vector_only_slightly(enc: Encoder) -> None:
    """int8 dynamic quantization scales activations per batch: a vector depends a little on its batch."""
    together = enc.encode(TEXTS, batch=32)
    alone = np.vstack([enc.encode([t]) for t in TEXTS])
    assert (together * alone).sum(1).min() > 0.95
    np.testing.assert_array_equal(enc.encode(TEXTS, batch=32), together)  # same call, same vectors


def test_vectors_come_back_in_input_order(enc: Encoder) -> None:
    """Texts are sorted by length inside encode: each row must still belong to its own text."""
    v = enc.encode(TEXTS[:3], batch=1)
    w = enc.encode(TEXTS[2::-1], batch=1)
    np.testing.assert_allclose(v, w[::-1], atol=1e-6)


def test_long_texts_are_cut_at_128_word_pieces(enc: Encoder) -> None:
    head = " ".join(f"word{i}" for i in range(200))
    a, b = enc.encode([head, head + " and then a very different ending about penguins and lighthouses"])
    assert a @ b > 0.9999  # the tail after 128 pieces is never read


def test_no_texts_give_an_empty_matrix(enc: Encoder) -> None:
    assert enc.encode([]).shape == (0, DIM)


def test_encoder_is_loaded_once() -> None:
    assert encoder() is encoder()


def test_the_packaged_config_names_its_weights() -> None:
    config = json.loads((PACKAGED_ENCODER / "config.json").read_text("utf-8"))
    assert config["dim"] == DIM and config["max_pieces"] == 128
    assert config["model_sha256"] == embed.file_sha256(PACKAGED_ENCODER / "model.onnx")


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "encoder"
    folder.mkdir()
    for name in ("tokenizer.json", "config.json"):
        shutil.copyfile(PACKAGED_ENCODER / name, folder / name)
    os.symlink(PACKAGED_ENCODER / "model.onnx", folder / "model.onnx")
    return folder


def test_a_replaced_model_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    config = json.loads((folder / "config.json").read_text("utf-8"))
    config["model_sha256"] = "0" * 64
    (folder / "config.json").write_text(json.dumps(config), "utf-8")
    with pytest.raises(ModelNotFound, match="sha256"):
        Encoder(folder)


@pytest.mark.parametrize("missing", ["model.onnx", "tokenizer.json", "config.json"])
def test_a_missing_file_names_itself_and_the_override(tmp_path: Path, missing: str) -> None:
    folder = _copy(tmp_path)
    (folder / missing).unlink()
    with pytest.raises(ModelNotFound, match=missing) as info:
        Encoder(folder)
    assert ENV_ENCODER in info.value.remedy


def test_the_environment_overrides_the_packaged_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert encoder_folder() == PACKAGED_ENCODER
    monkeypatch.setenv(ENV_ENCODER, str(tmp_path))
    assert encoder_folder() == tmp_path
    with pytest.raises(ModelNotFound):
        encoder()


# -- the claim encoder: the fine-tuned model beside the base one -------------------------------------


class _Fixed:
    """An encoder stand-in with given unit vectors per text."""

    def __init__(self, table: dict[str, list[float]], sha: str) -> None:
        self.table = {k: np.asarray(v, np.float32) / np.linalg.norm(v) for k, v in table.items()}
        self.config = {"model_sha256": sha}
        self.dim = len(next(iter(table.values())))

    def encode(self, texts: list[str], batch: int = 32) -> np.ndarray:
        return np.vstack([self.table[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)


A = _Fixed({"x": [1, 0], "y": [0, 1]}, "a")
B = _Fixed({"x": [1, 0, 0], "y": [1, 1, 0]}, "b")


@pytest.mark.parametrize("w", [0.25, 0.5, 0.9])
def test_mixed_vectors_give_the_weighted_mean_of_the_cosines(w: float) -> None:
    mix = embed.MixedEncoder([(A, w), (B, 1 - w)])
    v = mix.encode(["x", "y"])
    assert v.shape == (2, 5) and mix.dim == 5
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-6)
    assert v[0] @ v[1] == pytest.approx(w * 0.0 + (1 - w) * np.sqrt(0.5), abs=1e-6)


def test_mixed_cache_key_changes_with_parts_and_weights() -> None:
    keys = {
        embed.MixedEncoder(parts).config["model_sha256"]
        for parts in ([(A, 0.25), (B, 0.75)], [(A, 0.5), (B, 0.5)], [(B, 0.25), (A, 0.75)])
    }
    assert len(keys) == 3
    same = [embed.MixedEncoder([(A, 0.25), (B, 0.75)]).config for _ in range(2)]
    assert same[0] == same[1]


@pytest.mark.parametrize("weights", [(0.5, 0.6), (0.0, 1.0), (-0.5, 1.5)])
def test_mixed_weights_must_be_positive_and_sum_to_one(weights: tuple[float, float]) -> None:
    with pytest.raises(ValueError, match="weights"):
        embed.MixedEncoder([(A, weights[0]), (B, weights[1])])


def test_the_packaged_claim_encoder_sits_beside_the_base_encoder() -> None:
    config = json.loads((embed.PACKAGED_CLAIM_ENCODER / "config.json").read_text("utf-8"))
    assert config["model_sha256"] == embed.file_sha256(embed.PACKAGED_CLAIM_ENCODER / "model.onnx")
    enc = embed.claim_encoder()
    assert isinstance(enc, embed.MixedEncoder)
    assert [w for _, w in enc.parts] == [config["mix_with_base"], 1 - config["mix_with_base"]]
    assert enc.parts[0][0] is encoder()
    v = enc.encode(TEXTS[:3])
    assert v.shape == (3, 2 * DIM)
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2]


@pytest.mark.parametrize("mix", [None, 0.0])
def test_a_claim_encoder_without_a_base_weight_is_used_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mix: float | None
) -> None:
    folder = _copy(tmp_path)
    config = json.loads((folder / "config.json").read_text("utf-8"))
    if mix is not None:
        config["mix_with_base"] = mix
    (folder / "config.json").write_text(json.dumps(config), "utf-8")
    monkeypatch.setenv(embed.ENV_CLAIM_ENCODER, str(folder))
    assert embed.claim_encoder_folder() == folder
    assert isinstance(embed.claim_encoder(), Encoder)


@pytest.mark.parametrize("mix", [1.0, 1.5, -0.2])
def test_a_bad_base_weight_is_refused_with_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mix: float
) -> None:
    folder = _copy(tmp_path)
    config = json.loads((folder / "config.json").read_text("utf-8"))
    config["mix_with_base"] = mix
    (folder / "config.json").write_text(json.dumps(config), "utf-8")
    monkeypatch.setenv(embed.ENV_CLAIM_ENCODER, str(folder))
    with pytest.raises(ModelNotFound, match="mix_with_base") as info:
        embed.claim_encoder()
    assert "config.json" in str(info.value.path)
