"""The "html" reader: one web page in, its article text and page metadata out (via trafilatura)."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import trafilatura
from lxml import html as lxml_html
from lxml.etree import ParserError
from trafilatura.settings import Document
from trafilatura.utils import decode_file, load_html

from .errors import InputError
from .sources import Input, ReadOptions, register_reader
from .types import Metadata, SourceDocument

PAGE = "page metadata"
"""Evidence for a field the page's own markup states (meta tags, canonical link, `<html lang>`)."""

URL = "url"
"""Evidence for a field derived from the page's address only (the outlet as a host name)."""

MIN_LETTERS = 20
"""Fewer letters than this in the extracted text means the page holds no article."""

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:rdf|!doctype\s+(?:rss|feed|rdf))[\s>/]")
"""Root tags of RSS, Atom and RSS 1.0 documents: such content is a feed even when served as text/html."""

_HTML_ROOT = re.compile(r"<(?:!doctype\s+html|html|head|body)[\s>/]")
_SKIPPED = (("<!--", "-->"), ("<?", "?>"))
"""Comments and processing instructions (the XML declaration) that may precede the root element."""
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
_WINDOWS_1252_ALIASES = frozenset({"iso8859-1", "ascii"})
"""Labels browsers read as windows-1252 (WHATWG), so curly quotes in "latin-1" pages decode right."""
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
_SPACE = re.compile(r"\s+")
_PROSE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s*\Z")
_PROSE_WORDS = 8
_BLOCKS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr"}
    | {"table", "section", "article", "header", "footer", "figure", "figcaption", "dd", "dt", "dl", "hr"}
)
_TRAFILATURA_HOST = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)")
"""How trafilatura turns a URL into a site name when the page names none (mirrors its META_URL)."""
_DATE_PARAMS = {"original_date": True, "extensive_search": False, "outputformat": "%Y-%m-%d"}
"""htmldate settings: a date only from markup or the URL, never guessed from the article's free text."""
_NO_ARTICLE_REMEDY = "give the article page itself (not a front page or menu), or save the text as .txt"


def markup_head(head: bytes) -> str:
    """The lower-cased start of a markup document from its first real tag, for cheap sniffing."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            text = head[len(bom) :].decode(encoding, errors="ignore")
            break
    else:
        text = head.decode("latin-1")
    text = text.lstrip()
    while True:
        for start, end in _SKIPPED:
            if text.startswith(start):
                close = text.find(end, len(start))
                if close < 0:
                    return ""
                text = text[close + len(end) :].lstrip()
                break
        else:
            return text[:64].lower()


def looks_like_html(head: bytes, inp: Input) -> bool:
    """Sniffer: the content opens with an HTML root tag, or is served as HTML and is not a feed."""
    start = markup_head(head)
    if _HTML_ROOT.match(start):
        return True
    return (inp.content_type or "").lower() in HTML_TYPES and not FEED_ROOT.match(start)


def decode_html(data: bytes) -> str:
    """Page bytes as text: BOM first, then UTF-8, then the declared charset, then a guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in _declared_encodings(data[:4096]):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return decode_file(data)


def _declared_encodings(head: bytes) -> list[str]:
    """The charset a meta tag or XML declaration names, as codecs to try (windows-1252 for latin-1)."""
    match = _DECLARED.search(head)
    if not match:
        return []
    label = (match.group(1) or match.group(2)).decode("ascii")
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return []
    return ["cp1252", name] if name in _WINDOWS_1252_ALIASES else [name]


def parse_html(text: str) -> lxml_html.HtmlElement | None:
    """One lxml tree for the page, shared by metadata and article extraction (parsed once)."""
    return load_html(text)


def has_article_text(text: str | None) -> bool:
    """Enough letters, and at least one prose line, so a page of menu links is not an article."""
    if not text or len(_LETTER.findall(text)) < MIN_LETTERS:
        return False
    return any(
        _PROSE_END.search(line) or len(_WORD.findall(line)) >= _PROSE_WORDS for line in text.splitlines()
    )


def normalize_newlines(text: str) -> str:
    """`\\r\\n` and lone `\\r` become `\\n`, as every stored text has it."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def primary_language(tag: str | None) -> str | None:
    """A language tag as the code language detection uses (`en-GB` -> `en`, `nb` -> `no`), else None."""
    from .language import primary_subtag  # late: it loads py3langid, which page reading does not need

    return primary_subtag(tag)


def page_language(tree: lxml_html.HtmlElement) -> str | None:
    """The page's declared language: `<html lang>`, then Content-Language, then og:locale."""
    root = tree.getroottree().getroot()
    candidates = [root.get("lang"), root.get("xml:lang")]
    for meta in root.iterfind(".//head/meta[@content]"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in ("content-language", "og:locale"):
            candidates.append(meta.get("content"))
    return next((lang for lang in map(primary_language, candidates) if lang), None)


def _absolute_url(href: str | None, base: str | None) -> str | None:
    """An absolute http(s) URL from a possibly relative href, None when there is no usable one."""
    if not href or not href.strip():
        return None
    url = urljoin(base or "", href.strip())
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def page_url(tree: lxml_html.HtmlElement, base: str | None) -> str | None:
    """The address the page gives for itself: its canonical link, else og:url."""
    root = tree.getroottree().getroot()
    for link in root.iterfind(".//link[@href]"):
        if "canonical" in (link.get("rel") or "").lower().split():
            url = _absolute_url(link.get("href"), base)
            if url:
                return url
    for meta in root.iterfind(".//meta[@content]"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:url":
            url = _absolute_url(meta.get("content"), base)
            if url:
                return url
    return None


def host_outlet(url: str | None) -> str | None:
    """The outlet as the URL shows it: the host name without `www.`."""
    host = urlsplit(url).hostname if url else None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _page_sitename(doc: Document) -> str | None:
    """trafilatura's site name, unless it is the host name it falls back to when the page names none."""
    name = (doc.sitename or "").strip()
    if not name:
        return None
    derived = _TRAFILATURA_HOST.match(doc.url or "")
    return None if derived and derived[1] == name else name


def _set(meta: Metadata, field: str, value: str | None, evidence: str) -> None:
    """Record one field with its evidence, only when there is a value and none from better evidence."""
    if value and getattr(meta, field) is None:
        setattr(meta, field, value)
        meta.evidence[field] = evidence


def page_metadata(doc: Document, tree: lxml_html.HtmlElement, canonical: str | None, inp: Input) -> Metadata:
    """What the page says about itself, each field with evidence; the dispatcher overlays `inp.supplied`."""
    meta = Metadata()
    _set(meta, "title", (doc.title or "").strip(), PAGE)
    _set(meta, "author", (doc.author or "").strip(), PAGE)
    _set(meta, "date", doc.date, PAGE)
    _set(meta, "language", page_language(tree) or primary_language(doc.language), PAGE)
    _set(meta, "url", canonical, PAGE)
    _set(meta, "url", inp.url, URL)
    _set(meta, "outlet", _page_sitename(doc), PAGE)
    _set(meta, "outlet", host_outlet(canonical or inp.url), URL)
    return meta


def extract_article(tree: lxml_html.HtmlElement, url: str | None) -> Document | None:
    """trafilatura's article and metadata for a parsed page; the date comes from markup or URL only."""
    result = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=dict(_DATE_PARAMS),
    )
    return result if isinstance(result, Document) else None


def _no_article(inp: Input, why: str = "") -> InputError:
    """The error for a page without an article (or one the extractor failed on)."""
    message = "no article text found in the page" + (f" ({why})" if why else "")
    return InputError(message, remedy=_NO_ARTICLE_REMEDY, path=inp.origin, stage="extract")


def html_document(data: bytes, inp: Input) -> SourceDocument | InputError:
    """One page's bytes as a SourceDocument, or the reason it holds no article."""
    try:
        tree = parse_html(decode_html(data))
        doc = extract_article(tree, inp.url) if tree is not None else None
        if doc is None or doc.text is None or not has_article_text(doc.text):
            return _no_article(inp)
        canonical = page_url(tree, inp.url)
        supplied = page_metadata(doc, tree, canonical, inp)
    except Exception as exc:  # a library failure on one page must not end the run
        return _no_article(inp, f"{type(exc).__name__}: {exc}")
    return SourceDocument(
        name=inp.name,
        text=normalize_newlines(doc.text),
        origin=inp.origin,
        url=inp.url or canonical,
        supplied=supplied,
        reference_date=inp.reference_date,
    )


@register_reader("html", sniff=looks_like_html, suffixes=(".html", ".htm", ".xhtml", ".shtml"), order=40)
def read_html(inp: Input, opts: ReadOptions) -> Iterator[SourceDocument | InputError]:
    """Reader for one web page: the article text as trafilatura extracts it, and the page's metadata."""
    try:
        data = inp.read_bytes(opts.max_bytes)
    except InputError as err:
        yield err
        return
    yield html_document(data, inp)


def html_to_text(fragment: str) -> str:
    """Plain-text paragraphs (one per line) from an HTML fragment such as a feed item's content."""
    wrapped = f"<html><body><div>{fragment}</div></body></html>"
    try:
        # fast: the fragment is the content already, so no fallback extractors (10x quicker)
        result = trafilatura.bare_extraction(wrapped, fast=True, include_comments=False, include_tables=False)
    except Exception:  # the lxml fallback below still gives the text
        result = None
    text = result.text if isinstance(result, Document) else None
    return normalize_newlines(text) if text and text.strip() else _fragment_text(fragment)


def _fragment_text(fragment: str) -> str:
    """The fallback: lxml's text of the fragment with a line break after each block element."""
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, ParserError):
        return ""
    for element in list(root.iter("script", "style")):
        element.drop_tree()
    for element in root.iter():
        # Source line breaks are only spaces in HTML; block elements make the breaks.
        text = _SPACE.sub(" ", element.text) if element.text else ""
        tail = _SPACE.sub(" ", element.tail) if element.tail else ""
        brk = "\n" if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS else ""
        element.text, element.tail = brk + text, brk + tail
    lines = (line.strip() for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


__all__ = [
    "decode_html",
    "has_article_text",
    "html_to_text",
    "looks_like_html",
    "markup_head",
    "page_metadata",
    "primary_language",
    "read_html",
]
