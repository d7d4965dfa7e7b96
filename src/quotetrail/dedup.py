"""Near-duplicate detection (MinHash + LSH banding) so republished wire copy is grouped as one story.

The pipeline is: text -> word shingles (64-bit, stable) -> MinHash signature (NUM_PERM uint32) ->
BANDS band keys (signed 64-bit, SQLite INTEGER).  Two texts are *candidates* when they share any band
key, and *near-duplicates* when their signatures agree on at least NEAR_DUPLICATE of the positions.
Everything here is a pure function of the text and fixed constants, so signatures and band keys can be
stored and compared across processes, machines and Python versions.

Why NEAR_DUPLICATE is 0.6 and not 0.8 (measured on tests/resources/dedup, 5-word shingles, ~600 words):
a single edit keeps the true Jaccard high (new headline 0.97, three words changed 0.94, other byline and
footer 0.91, longest paragraph dropped 0.87), but edits add up, and republished wire copy usually has
several: headline + byline + footer + one paragraph dropped + a few words scored 0.70-0.77 true Jaccard
over 300 random such copies (estimates 0.63-0.81; only 6% reach 0.8, all reach 0.6).  Different
articles stay far below: same harbour and reporter, same wire footer 0.02; a follow-up that reuses two
background paragraphs 0.13; two 45-word briefs sharing a 40-word newsletter blurb 0.29.  A copy cut to
its first half scores ~0.5 and is, deliberately, not a near-duplicate.  The estimate's standard error
with 128 permutations is ~0.04, so 0.6 leaves about 3 standard errors on either side.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

__all__ = [
    "BANDS",
    "EMPTY",
    "NEAR_DUPLICATE",
    "NUM_PERM",
    "ROWS",
    "SHINGLE_SIZE",
    "NearDuplicateIndex",
    "band_keys",
    "is_empty",
    "minhash",
    "minhash_shingles",
    "shingles",
    "signature_bytes",
    "signature_from_bytes",
    "similarity",
    "words",
]

Signature = npt.NDArray[np.uint32]

SHINGLE_SIZE = 5
"""Words per shingle: 5-word runs are rarely shared by different articles, even on the same topic."""

NUM_PERM = 128
"""Signature length: the Jaccard estimate has a standard error of at most 0.044 (0.035 at 0.8)."""

BANDS = 32
"""Bands of ROWS positions; a pair becomes a candidate for verification when any whole band matches."""

ROWS = 4
"""32 x 4 finds pairs at 0.6 / 0.7 / 0.8 with p = 0.988 / 0.9998 / 1 - 5e-8, and pairs at 0.16 only 2%."""

NEAR_DUPLICATE = 0.6
"""Estimated Jaccard from which two texts are one story (see the module notes for the measurements)."""

EMPTY = np.uint32(0xFFFF_FFFF)
"""Every position of the signature of a text without words (a real text gets it with p = 2**-4096)."""

_CHUNK = 256
"""Shingles per vectorised step: a reused NUM_PERM x _CHUNK uint64 buffer (256 KiB) stays in cache."""

_WORD = re.compile(r"[^\W_]+")
_ASCII_ALNUM = np.array([chr(c).isalnum() for c in range(128)], dtype=bool)
_MARKUP = re.compile(r"</?[A-Za-z!][^<>\n]{0,200}>|\]\([^()\s]*\)")
"""HTML tags and Markdown link targets: markup a republisher adds without changing what a reader sees."""

# Odd 64-bit multipliers for the position of each word in a shingle (order-sensitive combination).
_POS_MULT = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
        0x94D049BB133111EB,
        0xBF58476D1CE4E5B9,
    ],
    dtype=np.uint64,
)


def _stable_u64(data: bytes, person: bytes) -> int:
    """A 64-bit blake2b hash: unlike hash(), identical in every process and Python version."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8, person=person).digest(), "little")


def _permutation_params() -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """Fixed (a, b) per permutation derived by hashing, so they never depend on numpy's RNG streams."""
    a = [_stable_u64(b"a%d" % i, b"qt-minhash") | 1 for i in range(NUM_PERM)]
    b = [_stable_u64(b"b%d" % i, b"qt-minhash") for i in range(NUM_PERM)]
    return np.array(a, dtype=np.uint64).reshape(-1, 1), np.array(b, dtype=np.uint64).reshape(-1, 1)


_A, _B = _permutation_params()


def _mix64(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """splitmix64 finaliser: spreads the combined word hashes over all 64 bits."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _normalised(text: str) -> str:
    """NFKC, casefolded, markup replaced by spaces: the text a reader sees, whatever the formatting."""
    return _MARKUP.sub(" ", unicodedata.normalize("NFKC", text)).casefold()


def words(text: str) -> list[str]:
    """The words shingles are built from (for inspection; shingles() segments identically, vectorised)."""
    return _WORD.findall(_normalised(text))


def _is_alnum(cp: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    """str.isalnum() per code point (what the regex [^\\W_] matches), via a table for ASCII."""
    out = _ASCII_ALNUM[np.minimum(cp, 127)]
    wide = cp >= 128
    if wide.any():
        uniq, inverse = np.unique(cp[wide], return_inverse=True)
        out[wide] = np.array([chr(c).isalnum() for c in uniq.tolist()], dtype=bool)[inverse]
    return out


def _word_hashes(text: str) -> npt.NDArray[np.uint64]:
    """One stable 64-bit hash per word, in text order, computed on code points without a Python loop."""
    cp = np.frombuffer(_normalised(text).encode("utf-32-le", errors="surrogatepass"), dtype="<u4")
    in_word = np.zeros(cp.size + 2, dtype=np.int8)
    in_word[1:-1] = _is_alnum(cp)
    edges = np.diff(in_word)
    starts = np.flatnonzero(edges == 1)
    if starts.size == 0:
        return np.empty(0, dtype=np.uint64)
    lengths = np.flatnonzero(edges == -1) - starts
    pos = np.flatnonzero(in_word[1:-1])
    rel = pos - np.repeat(starts, lengths)  # position of each character inside its word
    chars = _mix64((rel.astype(np.uint64) << np.uint64(32)) | cp[pos].astype(np.uint64))
    offsets = np.zeros(lengths.size, dtype=np.intp)
    np.cumsum(lengths[:-1], out=offsets[1:])
    sums = np.add.reduceat(chars, offsets)  # wraps mod 2**64 by design
    return _mix64(sums + lengths.astype(np.uint64) * _POS_MULT[0])


def shingles(text: str, k: int = SHINGLE_SIZE) -> npt.NDArray[np.uint64]:
    """Sorted unique 64-bit hashes of the word k-shingles; a text under k words is one shingle."""
    if not 1 <= k <= len(_POS_MULT):
        raise ValueError(f"k must be between 1 and {len(_POS_MULT)}, got {k}")
    word_hashes = _word_hashes(text)
    if word_hashes.size == 0:
        return word_hashes
    k = min(k, word_hashes.size)
    n = word_hashes.size - k + 1
    combined = np.full(n, k, dtype=np.uint64)  # shingles of different lengths never coincide by design
    for j in range(k):
        combined += word_hashes[j : j + n] * _POS_MULT[j]  # wraps mod 2**64 by design
    return np.unique(_mix64(combined))


def minhash(text: str, k: int = SHINGLE_SIZE) -> Signature:
    """NUM_PERM minima of fixed random hash functions: the share of equal positions estimates Jaccard."""
    return minhash_shingles(shingles(text, k))


def minhash_shingles(hashes: Iterable[int] | npt.NDArray[np.uint64]) -> Signature:
    """The signature of shingle hashes; all EMPTY when there are none.

    Each permutation is Dietzfelbinger's multiply-add-shift h(x) = ((a*x + b) mod 2**64) >> 32 on the
    32-bit x: a 2-universal family like (a*x + b) mod p, where the uint64 wrap-around *is* the modulus,
    so there is no overflow to guard against and no slow integer division.  As >> 32 is monotone, the
    minimum is taken on the 64-bit values and shifted once at the end.
    """
    x = np.asarray(hashes if isinstance(hashes, np.ndarray) else list(hashes), dtype=np.uint64)
    if x.size == 0:
        return np.full(NUM_PERM, EMPTY, dtype=np.uint32)
    x = x >> np.uint64(32)  # high half of the mixed shingle hash
    out = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    buf = np.empty((NUM_PERM, min(_CHUNK, x.size)), dtype=np.uint64)
    for start in range(0, x.size, _CHUNK):
        part = x[start : start + _CHUNK]
        view = buf[:, : part.size]
        np.multiply(_A, part, out=view)
        view += _B
        np.minimum(out, view.min(axis=1), out=out)
    return (out >> np.uint64(32)).astype(np.uint32)


def is_empty(sig: Signature) -> bool:
    """True for the signature of a text without words, which is nobody's duplicate."""
    return bool(np.all(np.asarray(sig) == EMPTY))


def signature_bytes(sig: Signature) -> bytes:
    """Little-endian uint32 bytes (512 for NUM_PERM=128), the same on every platform: a SQLite BLOB."""
    arr = np.asarray(sig)
    if arr.shape != (NUM_PERM,) or arr.dtype.kind not in "ui":
        raise ValueError(f"expected {NUM_PERM} integers, got {arr.dtype} with shape {arr.shape}")
    return arr.astype("<u4").tobytes()


def signature_from_bytes(data: bytes) -> Signature:
    """The signature stored by signature_bytes; rejects blobs of another length instead of misreading them."""
    if len(data) != NUM_PERM * 4:
        raise ValueError(f"signature blob must be {NUM_PERM * 4} bytes, got {len(data)}")
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


def band_keys(sig: Signature, bands: int = BANDS, rows: int = ROWS) -> list[int]:
    """One signed 64-bit key per band (band index in the top byte, row hash below): SQLite INTEGER keys.

    Empty signatures get no keys, so texts without words are never candidates.
    """
    arr = np.asarray(sig)
    if bands * rows != arr.size:
        raise ValueError(f"bands * rows must equal the signature length {arr.size}, got {bands} x {rows}")
    if not 1 <= bands <= 127:
        raise ValueError(f"bands must be between 1 and 127, got {bands}")
    if is_empty(arr):
        return []
    raw = arr.astype("<u4").tobytes()
    width = rows * 4
    mask = (1 << 56) - 1
    return [
        (i << 56) | (_stable_u64(raw[i * width : (i + 1) * width], b"qt-band") & mask) for i in range(bands)
    ]


def similarity(sig_a: Signature, sig_b: Signature) -> float:
    """Share of equal positions, the estimated Jaccard similarity; 0.0 when either text had no words."""
    a, b = np.asarray(sig_a), np.asarray(sig_b)
    if a.shape != b.shape:
        raise ValueError(f"signatures differ in shape: {a.shape} vs {b.shape}")
    if a.size == 0 or is_empty(a) or is_empty(b):
        return 0.0
    return float(np.count_nonzero(a == b)) / a.size


class NearDuplicateIndex:
    """In-memory band buckets for tests and small batches; the store does the same with SQLite rows.

    Groups are single-linkage: a text joins the group of its most similar verified near-duplicate, and
    every member is indexed, so a copy of a copy still finds the story's first member.
    """

    def __init__(self, threshold: float = NEAR_DUPLICATE, bands: int = BANDS, rows: int = ROWS) -> None:
        """An empty index; threshold applies to the estimated Jaccard similarity."""
        self.threshold = threshold
        self.bands = bands
        self.rows = rows
        self._buckets: dict[int, list[str]] = {}
        self._sigs: dict[str, Signature] = {}
        self._root: dict[str, str] = {}
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        """Number of keys added."""
        return len(self._sigs)

    def __contains__(self, key: object) -> bool:
        """Whether key was added."""
        return key in self._sigs

    def candidates(self, sig: Signature) -> list[str]:
        """Keys sharing at least one band key with sig, in insertion order (unverified)."""
        seen: dict[str, None] = {}
        for bk in band_keys(sig, self.bands, self.rows):
            for key in self._buckets.get(bk, ()):
                seen[key] = None
        return sorted(seen, key=self._order.__getitem__)

    def find(self, sig: Signature) -> tuple[str, float] | None:
        """(group's first member, similarity) of the most similar verified near-duplicate, without adding."""
        best: tuple[str, float] | None = None
        for key in self.candidates(sig):
            sim = similarity(sig, self._sigs[key])
            if sim >= self.threshold and (best is None or sim > best[1]):
                best = (key, sim)
        return None if best is None else (self._root[best[0]], best[1])

    def add(self, key: str, sig: Signature) -> str | None:
        """Index sig under key; returns the first member of the near-duplicate group it joins, or None."""
        if key in self._sigs:
            raise ValueError(f"key already indexed: {key!r}")
        sig = np.asarray(sig, dtype=np.uint32)
        found = self.find(sig)
        root = found[0] if found else key
        self._order[key] = len(self._order)
        self._sigs[key] = sig
        self._root[key] = root
        for bk in band_keys(sig, self.bands, self.rows):
            self._buckets.setdefault(bk, []).append(key)
        return found[0] if found else None

    def group_of(self, key: str) -> str:
        """The first member of key's group (key itself when it started the group)."""
        return self._root[key]

    def groups(self) -> dict[str, list[str]]:
        """First member -> all members in insertion order, singletons included."""
        out: dict[str, list[str]] = {}
        for key, root in self._root.items():
            out.setdefault(root, []).append(key)
        return out
