"""Indonesian person names: normalisation, titles and the folded comparison key.

`normalize_name` gives the registry form of a name: upper case, no accents,
no punctuation, single spaces. `name_key` goes further and gives the key
that name comparisons use:

- titles and honorifics (``H.``, ``Hj.``, ``Dr.``, ``S.Pd.``, ``Bapak``, ...)
  are removed and kept in `ParsedName.titles`;
- a trailing patronymic (``bin X``, ``binti X``, ``X-putra``) is removed and
  kept in `ParsedName.patronymic`, because one list often adds it and the
  other does not;
- the written forms of Muhammad, Abdul, Siti and Nur become one token each;
- both spelling reforms are folded, so old and new spellings of one name
  give the same key.

>>> name_key("H. Moch. Soeharto, S.Pd.")
'MUHAMAD SUHARTO'
>>> name_key("Muhammad Suharto")
'MUHAMAD SUHARTO'
>>> parse_name("Hj. Siti Aminah binti Kasimo").titles
('HJ',)
"""

from __future__ import annotations

import functools
import re
import unicodedata

import attrs

from niklib.linkage.records import is_missing

__all__ = [
    "ParsedName",
    "fold_spelling",
    "name_key",
    "normalize_name",
    "parse_name",
]

# Titles written before the name: Haji, academic and medical titles,
# religious titles and the spoken honorifics that field officers type.
_PREFIX_TITLES = frozenset(
    {
        "H", "HJ", "HAJI", "HAJJAH", "PROF", "DR", "DRS", "DRA", "IR", "KH",
        "KYAI", "USTADZ", "USTAZ", "USTADZAH", "HABIB", "BAPAK", "BPK", "PAK",
        "IBU", "BU", "SAUDARA", "SDR", "SAUDARI", "SDRI", "MAS", "MBAK", "TUAN",
        "NYONYA", "NY", "ALM", "ALMH", "ALMARHUM", "ALMARHUMAH",
    }
)  # fmt: skip

# Customary titles are also common given names ("Andi Wijaya"), so they are
# stripped only when at least two name tokens remain after them.
_CUSTOMARY_TITLES = frozenset(
    {"RADEN", "RA", "RR", "RM", "ANDI", "DATUK", "DATU", "TENGKU", "TGK", "TUBAGUS"}
)

# Degrees written after the name, compared without their dots.
_DEGREES = frozenset(
    {
        "SPD", "SPDI", "SPDSD", "SH", "SHI", "SE", "SEI", "SAG", "SAGI", "AMD",
        "AMDKEB", "AMDKEP", "AMK", "MM", "MPD", "MPDI", "MSI", "MAG", "MH",
        "MKES", "MKOM", "MT", "MSC", "MA", "MBA", "SKOM", "ST", "SSOS", "SIP",
        "SKM", "SKEP", "NS", "SFARM", "SKED", "SPSI", "SS", "SSI", "SSN",
        "STP", "SP", "SPT", "SPI", "SHUM", "SSTP", "STR", "SAP", "SIKOM",
        "SPDSI", "PHD", "BSC", "BA", "SAK", "SM", "SAB", "STH",
        "STHI", "SPDK", "SKG", "SPOG", "SPA", "SPB", "SPPD",
    }
)  # fmt: skip

_PATRONYMIC_MARKERS = frozenset({"BIN", "BINTI", "BT", "BINT"})
_PATRONYMIC_SUFFIXES = ("PUTRA", "PUTRI")

# Abbreviations and spellings that name one given-name class each.
_MUHAMMAD_SHORT = frozenset(
    {"MOH", "MOCH", "MOHD", "MUH", "MUHD", "MHD", "MD", "MOCHD", "MOKH", "MUCH"}
)
_MUHAMMAD_FULL = re.compile(r"^M[UO](?:CH|KH|H)?A?M{1,2}[AEU]D$")
_TOKEN_CLASSES = {
    "ABD": "ABDUL",
    "ABDOEL": "ABDUL",
    "ST": "SITI",
    "SITTI": "SITI",
    "NURUL": "NUR",
    "NOER": "NUR",
    "NOOR": "NUR",
}
_MUHAMMAD = "MUHAMMAD"

# Spelling reforms. The order matters: digraphs first, then the letter
# pairs that both reforms left ambiguous are treated as equal.
_REFORM_DIGRAPHS = (("OE", "U"), ("DJ", "J"), ("TJ", "C"), ("NJ", "NY"), ("SJ", "SY"))
_DOUBLED = re.compile(r"([A-Z])\1+")
_NOT_LETTER = re.compile(r"[^A-Z ]+")
_SEPARATORS = re.compile(r"[.\-_/]+")
_APOSTROPHES = re.compile(r"['`´‘’ʼ]")


@attrs.frozen
class ParsedName:
    """A person name split into its comparison parts.

    `tokens` are the folded name tokens in written order and `key` joins
    them. `titles` and `patronymic` are kept apart, because they appear on
    some documents of a person and not on others.
    """

    normalized: str
    tokens: tuple[str, ...]
    titles: tuple[str, ...] = ()
    patronymic: str = ""

    @property
    def key(self) -> str:
        """The folded comparison key: tokens joined by single spaces."""
        return " ".join(self.tokens)

    @property
    def sorted_key(self) -> str:
        """The key with its tokens sorted, equal for reordered names."""
        return " ".join(sorted(self.tokens))

    @property
    def sex_hint(self) -> str | None:
        """``"F"`` for a ``Hj.`` title, ``"M"`` for ``H.``, else None.

        Weak evidence only: officers also write ``H.`` for women.
        """
        if "HJ" in self.titles or "HAJJAH" in self.titles:
            return "F"
        if "H" in self.titles or "HAJI" in self.titles:
            return "M"
        return None


def _ascii_upper(text: str) -> str:
    if text.isascii():
        return text.upper()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.upper()


def _bare(token: str) -> str:
    return _NOT_LETTER.sub("", _SEPARATORS.sub("", _APOSTROPHES.sub("", token)))


def _split_words(text: str) -> list[str]:
    text = _APOSTROPHES.sub("", text)
    text = _SEPARATORS.sub(" ", text)
    return _NOT_LETTER.sub(" ", text).split()


def normalize_name(name: object) -> str:
    """Return the registry form of a name: upper case, letters and spaces only.

    Accents are removed, apostrophes are dropped (``Ma'ruf`` becomes
    ``MARUF``), dots, hyphens and other punctuation become spaces. Titles
    are kept, and `name_key` removes them. Missing values (None, NaN,
    pandas ``NA``, blank text) give ``""``. Other non-text values raise
    TypeError.

    >>> normalize_name("  Ma'ruf  Amin ")
    'MARUF AMIN'
    """
    if is_missing(name):
        return ""
    if not isinstance(name, str):
        raise TypeError(
            f"name must be a str or None, got {type(name).__name__}; "
            "convert the column to text before linking"
        )
    return " ".join(_split_words(_ascii_upper(name).replace(",", " ")))


@functools.lru_cache(maxsize=1 << 16)
def fold_spelling(token: str) -> str:
    """Fold a name token so old and new Indonesian spellings give one form.

    Applies the 1947 reform (``oe`` to ``u``) and the 1972 reform (``dj``
    to ``j``, ``tj`` to ``c``, ``nj`` to ``ny``, ``sj`` to ``sy``, ``ch``
    to ``kh``), then treats ``j``/``y`` and ``kh``/``h`` as equal and
    doubled letters as single. The input is an upper-case token.

    >>> fold_spelling("TJAHJO") == fold_spelling("CAHYO")
    True
    >>> fold_spelling("DJOKO") == fold_spelling("JOKO")
    True
    """
    for old, new in _REFORM_DIGRAPHS:
        token = token.replace(old, new)
    token = token.replace("CH", "KH").replace("Y", "J").replace("KH", "H")
    return _DOUBLED.sub(r"\1", token)


def _token_class(bare: str, *, first: bool) -> str:
    if bare in _MUHAMMAD_SHORT or _MUHAMMAD_FULL.match(bare):
        return _MUHAMMAD
    if bare == "ST" and not first:
        return bare
    return _TOKEN_CLASSES.get(bare, bare)


def _strip_prefix_titles(words: list[str]) -> tuple[list[str], list[str]]:
    titles: list[str] = []
    while len(words) > 1:
        bare = _bare(words[0])
        if bare in _PREFIX_TITLES or (bare in _CUSTOMARY_TITLES and len(words) > 2):
            titles.append(bare)
        else:
            break
        words = words[1:]
    return words, titles


def _strip_degrees(words: list[str]) -> tuple[list[str], list[str]]:
    degrees: list[str] = []
    while len(words) > 1 and _bare(words[-1]) in _DEGREES:
        degrees.insert(0, _bare(words[-1]))
        words = words[:-1]
    return words, degrees


def _split_patronymic(tokens: list[str]) -> tuple[list[str], str]:
    for position, token in enumerate(tokens[1:], start=1):
        if token in _PATRONYMIC_MARKERS and position < len(tokens) - 1:
            return tokens[:position], " ".join(tokens[position + 1 :])
    return tokens, ""


def _hyphen_patronymic(words: list[str]) -> tuple[list[str], str]:
    last = words[-1] if len(words) > 1 else ""
    base, _, suffix = last.rpartition("-")
    if base and suffix in _PATRONYMIC_SUFFIXES:
        return words[:-1], _bare(base)
    return words, ""


def parse_name(name: object) -> ParsedName:
    """Split a name into folded tokens, titles and patronymic.

    Text after the first comma is read as degrees (``Ahmad, S.Pd.``).
    Leading titles and honorifics and trailing degrees are moved to
    `ParsedName.titles`, but never the last remaining word, so ``Ibu``
    alone stays a name.

    >>> parse_name("Suparman bin Kasimo").patronymic
    'KASIMO'
    >>> parse_name("M. Yusuf").tokens
    ('M', 'JUSUF')
    """
    if isinstance(name, str):
        return _parse_text(name)
    return _parse(name)


@functools.lru_cache(maxsize=1 << 18)
def _parse_text(name: str) -> ParsedName:
    # Names repeat a lot in real lists, and ParsedName is immutable.
    return _parse(name)


def _parse(name: object) -> ParsedName:
    normalized = normalize_name(name)
    if not normalized:
        return ParsedName(normalized="", tokens=())
    text = _ascii_upper(str(name))
    head, _, tail = text.partition(",")
    words = head.split()
    words, titles = _strip_prefix_titles(words)
    words, degrees = _strip_degrees(words)
    titles += degrees + [b for b in (_bare(w) for w in tail.split()) if b]
    words, patronymic = _hyphen_patronymic(words)

    tokens: list[str] = []
    for word in words:
        for part in _split_words(word):
            tokens.append(_token_class(part, first=not tokens))
    tokens, bin_part = _split_patronymic(tokens)
    patronymic = patronymic or bin_part
    folded = tuple(fold_spelling(token) for token in tokens if token)
    return ParsedName(
        normalized=normalized,
        tokens=folded,
        titles=tuple(titles),
        patronymic=" ".join(fold_spelling(part) for part in patronymic.split()),
    )


def name_key(name: object) -> str:
    """Return the folded comparison key of a name (see `parse_name`).

    >>> name_key("Achmad Djoko") == name_key("Ahmad Joko")
    True
    """
    return parse_name(name).key
