"""Marks boilerplate lines (widgets, teasers, credits, repeats) so analysis skips them; text is unchanged."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from .types import Region

REASONS = ("repeated line", "link teaser", "comment form", "sharing", "photo credit", "markup")
"""Every reason a region can carry."""

MIN_REPEAT_CHARS = 20
"""Shorter repeats ("Reply", "Photo") are left to the other rules: repeats that short are common prose."""

MAX_WIDGET_CHARS = 200
"""Widget, sharing and teaser lines are short; anything longer is treated as prose."""

# --- normalisation -----------------------------------------------------------------------------------------

_HTML_TAG = re.compile(r"<[^<>\n]{1,200}>")
_MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\s]*(?:\s+\"[^\"\n]*\")?\)")
_MD_PREFIX = re.compile(r"^\s{0,3}(?:#{1,6}\s*|>\s*)+")
_EMPHASIS = re.compile(r"(?<!\w)[*_]+|[*_]+(?!\w)")


def normalise(line: str) -> str:
    """A line without Markdown/HTML markup and with single spaces: what a reader sees."""
    s = _HTML_TAG.sub(" ", line)
    s = _MD_LINK.sub(r"\1", s)
    s = _MD_PREFIX.sub("", s)
    s = _EMPHASIS.sub("", s)
    return " ".join(s.split())


def iter_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, line) for every line; end excludes the line break."""
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        stop = end - 1 if end > pos and text[end - 1] == "\r" else end
        yield pos, stop, text[pos:stop]
        if nl < 0:
            break
        pos = nl + 1


# --- rules -------------------------------------------------------------------------------------------------


def _full(*patterns: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One anchored alternation of whole-line patterns."""
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\Z", flags)


_MARKUP = re.compile(
    r"\s{0,3}(?:([-*_])(?:\s*\1){2,}|<hr\s*/?>|[\s#>*_=~`+|:-]*[#>*_=~`+|-][\s#>*_=~`+|:-]*)\s*\Z"
)
"""Markdown rules (---, ***, ___, * * *), <hr>, and lines made only of markup characters."""

_COMMENT_FORM = _full(
    r"leave a (?:reply|comment)(?: (?:to \S.{0,80} )?cancel reply)?",
    r"cancel reply",
    r"reply(?: ↓)?",
    r"post (?:a |your )?comment",
    r"(?:\d+|one|no) (?:comments?|responses?|thoughts?|replies) (?:on|to) [“\"«‘'].{1,200}[”\"»’']:?",
    r"comments? (?:are|is) closed\.?",
    r"fill in your details below\b.*",
    r"you are commenting using your\b.{0,60}\baccount\b.*",
    r".{0,60}\blog out\s*/\s*change\s*\)?",
    r"connecting to %s",
    r"notify me of (?:new |follow-up )*(?:comments|posts)\b.*",
    r"(?:%d|\d+) bloggers? likes? this:?\.?",
    r"(?:like )?(?:like this|loading)(?::|\.{2,3}|…)?",
    r"(?:blog|website|site|create a free website or blog) (?:at|powered by)\b.{0,40}",
    r"(?:proudly )?powered by wordpress\b.{0,40}",
    r"your email address will not be published\b.{0,80}",
    r"required fields are marked\s*\*?\.?",
    r"save my name, email,? and website in this browser\b.*",
    r"(?:google|twitter|facebook|wordpress\.com|gravatar) (?:photo|picture|logo|account)",
)
"""Comment and reply widgets, mostly WordPress: they are the site's chrome, not the article."""

_NETWORKS = (
    r"facebook|twitter|x|linkedin|whatsapp|reddit|telegram|email|e-mail|pinterest|tumblr|messenger|"
    r"bluesky|threads|mastodon|pocket|flipboard|vk|skype|sms"
)
_WIDGET_WORD = rf"(?:tweet|{_NETWORKS}|print|pin(?: it)?|copy link|copy url|share|email this)"
_SHARING = _full(
    r"share(?: this| the article| this article| this story| this post| on| via| with)?\s*:?",
    rf"share (?:this )?(?:article |story |post )?(?:on|via|with|to) (?:{_NETWORKS})"
    r"(?: \(opens in new window\))?",
    r"click to (?:share|email|print|tweet|pin)\b.{0,60}",
    rf"(?:share(?: this)?\s*:?\s*)?{_WIDGET_WORD}(?:\s*[|•·,/]?\s*{_WIDGET_WORD})*",
    r"(?:email|print)(?: this)?(?: page| article| story| post)?",
    r"send (?:this )?(?:article |story )?(?:to a friend|by e-?mail)",
    r"(?:↑ )?(?:up|top) ↑|(?:↑ )?(?:back|scroll|return|go) to top(?: ↑)?",
    r"follow (?:us|me)(?: on \S.{0,40})?\s*:?",
    r"follow @\w+.{0,40}",
    r"(?:subscribe|sign up|join)\b.{0,60}\b(?:newsletter|updates|alerts|channel|inbox|briefing|digest|"
    r"podcast|mailing list)s?\b.{0,40}",
    r"subscribe(?: now| here| today)?\s*!?",
)
"""Sharing buttons and follow/subscribe prompts, matched as whole lines only."""

_TEASER_START = re.compile(
    r"(?:also on|read more|read also|also read|related|see also|recommended|more on|more from|read next|"
    r"don['’]t miss|further reading|continue reading|read the (?:full|rest)|watch:|listen:|read:)",
    re.IGNORECASE,
)
_LINK_LINE = re.compile(r"\s{0,3}[*_>#\s]*!?\[([^\[\]\n]+)\]\([^()\s]*(?:\s+\"[^\"\n]*\")?\)[*_\s]*\Z")
_TEASER = _full(
    r"(?:read more|related(?: (?:story|stories|articles?|posts?|content|coverage|reading|topics))?|"
    r"see also|read also|also read|recommended|more|watch|listen|read next|more on this(?: story)?)"
    r"\s*[:|]\s*\S.{0,200}",
    r"also on (?:[a-z0-9-]+\.)+[a-z]{2,}\b.{0,200}",
    r"(?:read more|related(?: (?:posts|articles|stories|content|coverage))?|see also|"
    r"you (?:may|might) also like|"
    r"recommended(?: for you| stories| articles)?|more stories|most (?:read|popular)|trending(?: now)?|"
    r"continue reading)[.:!…]*",
    r"(?:read|see) (?:the )?(?:rest|full (?:story|article|report|interview|text|statement))"
    r"(?: here| at \S.{0,40}| on \S.{0,40})?[.:!…]*",
)
_TEASER_CAPS = re.compile(r"(?:READ MORE|RELATED|SEE ALSO|ALSO READ|READ ALSO|RECOMMENDED)\b.{0,200}\Z")
"""Teaser labels in capitals mark a teaser even without a colon (\"READ MORE Jobs report ...\")."""

# Photo credits: generic agency names and credit conventions (never outlet names from any sample).
_AGENCY = (
    r"(?:AP(?: Photo)?|Reuters|REUTERS|Getty Images|EPA(?:-EFE)?|EFE|Xinhua|Bloomberg|Shutterstock|Alamy|"
    r"PA(?: Images| Wire)?|dpa|Anadolu(?: Agency)?|Sipa(?: USA)?|ZUMA(?: Press| Wire)?|NurPhoto|Pool|Handout|"
    r"Wikimedia Commons|Unsplash|iStock(?:photo)?|Corbis)"
)
_NAME = r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}"
_LABEL = (
    r"(?i:photo(?:graph)?|image|picture|pic|credit|photo credit|image credit|image source|illustration)s?"
)
_CREDIT_BODY = (
    rf"(?:[^()\n]{{0,80}}?(?:/|\bvia |\bfor )\s*{_AGENCY}(?:\s*/\s*[^()\n]{{1,40}})?"
    rf"|AP Photo(?:/[^()\n]{{1,60}})?"
    rf"|REUTERS/[^()\n]{{1,60}}"
    rf"|{_NAME}\s*/\s*[A-Z]{{2,}}(?:\s*/\s*[^()\n]{{1,40}})?"
    rf"|{_LABEL}\s*:\s*[A-Z0-9@©][^()\n]{{0,80}})"
)
_CREDIT_ONLY = re.compile(rf"\(?\s*{_CREDIT_BODY}\s*\)?\s*\Z")
"""A line that is nothing but a credit: "Jane Roe/Getty Images", "(AP Photo/Sam Poe)", "Photo: Ann Lee"."""
_CREDIT_TAIL = re.compile(
    rf"(?:\(\s*{_CREDIT_BODY}\s*\)"
    rf"|(?<=[.!?\"”’)])\s+[^.!?()\n]{{0,60}}?(?:/|\bvia )\s*{_AGENCY}"
    rf"|(?<=[.!?\"”’)])\s+REUTERS/[\w .'’-]{{1,40}}"
    rf"|(?<=[.!?\"”’)])\s+{_LABEL}\s*:\s*[A-Z0-9@©][^.!?()\n]{{0,60}})\s*\Z"
)
"""A caption whose sentences end in an agency credit: "... on Monday. (Ann Lee via AP)"."""

MAX_CREDIT_ONLY_CHARS = 120
"""A credit-only line is short; a longer line must end in a credit after a full sentence."""

MAX_CREDIT_TAIL_CHARS = 300
"""A trailing credit is looked for in this many last characters of a line (credits are short)."""


def _rule_reason(raw: str, norm: str) -> str | None:
    """The reason a single line is boilerplate, judged on the line alone."""
    if _MARKUP.match(raw):
        return "markup"
    short = len(norm) <= MAX_WIDGET_CHARS
    if short and _COMMENT_FORM.match(norm):
        return "comment form"
    if short and _SHARING.match(norm):
        return "sharing"
    link = _LINK_LINE.match(raw)
    if link and _TEASER_START.match(normalise(link.group(1))):
        return "link teaser"
    if short and (_TEASER.match(norm) or _TEASER_CAPS.match(norm)):
        return "link teaser"
    if _is_credit_only(norm) or _CREDIT_TAIL.search(norm[-MAX_CREDIT_TAIL_CHARS:]):
        return "photo credit"
    return None


def _is_credit_only(norm: str) -> bool:
    """True for a short line that is only a photo credit."""
    return 0 < len(norm) <= MAX_CREDIT_ONLY_CHARS and _CREDIT_ONLY.match(norm) is not None


def _repeat_key(norm: str) -> str:
    """Lines are repeats when they read the same: markup, spacing and case ignored."""
    return norm.casefold()


def boilerplate_regions(text: str) -> list[Region]:
    """Line regions to leave out of analysis, sorted and non-overlapping, each with its reason."""
    marks: dict[int, tuple[int, int, str]] = {}
    seen: set[str] = set()
    lines = list(iter_lines(text))
    for i, (start, end, raw) in enumerate(lines):
        norm = normalise(raw)
        if not norm and not raw.strip():
            continue
        reason = _rule_reason(raw, norm)
        key = _repeat_key(norm)
        if reason is None and len(key) >= MIN_REPEAT_CHARS and key in seen:
            reason = "repeated line"
        seen.add(key)
        if reason is not None:
            marks[i] = (start, end, reason)
        # A caption printed directly above its own credit line goes with the credit.
        if reason == "photo credit" and _is_credit_only(norm) and i > 0 and (i - 1) not in marks:
            p_start, p_end, p_raw = lines[i - 1]
            if p_raw.strip() and not _MARKUP.match(p_raw):
                marks[i - 1] = (p_start, p_end, "photo credit")
    return [Region(s, e, r) for _, (s, e, r) in sorted(marks.items())]


def in_regions(start: int, end: int, regions: list[Region]) -> bool:
    """True when most (>50%) of [start, end) is marked; an empty span counts if its point is marked."""
    i = bisect.bisect_right(regions, start, key=lambda r: r.start) - 1
    if end <= start:
        return i >= 0 and regions[i].start <= start < regions[i].end
    covered = 0
    i = max(i, 0)
    while i < len(regions) and regions[i].start < end:
        r = regions[i]
        covered += max(0, min(end, r.end) - max(start, r.start))
        i += 1
    return covered * 2 > end - start


def analysed_text_mask(text: str, regions: list[Region]) -> str:
    """The text with marked regions blanked to spaces (line breaks kept), so NLP offsets stay identical."""
    parts: list[str] = []
    pos = 0
    for r in regions:
        start, end = max(r.start, pos), min(r.end, len(text))
        if end <= start:
            continue
        parts.append(text[pos:start])
        parts.append("".join(c if c in "\n\r" else " " for c in text[start:end]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


# The parser sees the text with boilerplate, Markdown markup and datelines blanked: same offsets.
_LINK = re.compile(r"\[([^\]\n]{1,300})\]\((?:[^)\s]{0,500})\)")
_EMPHASIS = re.compile(r"(?<![\w*_])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*_])")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.M)
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Za-z .'\-]{1,40},(?:[ \t]+[A-Z][a-z]{2,9}\.?[ \t]+\d{1,2},?)?"
    r"(?:[ \t]*\([A-Za-z]{2,12}\))?"
    r"[ \t]*(?:--|—|–|-)[ \t]*",
    re.M,
)
_UPPER_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z .'\-]{2,30}(?:,[ \t]+[A-Za-z .]{2,30})?[ \t]*(?:\([A-Za-z]{2,12}\))?"
    r"[ \t]*(?:--|—|–)[ \t]*",
    re.M,
)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def analysis_text(text: str, regions: list[Region]) -> str:
    """The text the parser sees: same length and offsets, with boilerplate, markup and datelines blanked."""
    chars = list(analysed_text_mask(text, regions))
    for m in _LINK.finditer(text):
        _blank(chars, m.start(), m.start(1))
        _blank(chars, m.end(1), m.end())
    for pat in (_EMPHASIS, _HEADING, _DATELINE, _UPPER_DATELINE):
        for m in pat.finditer(text):
            _blank(chars, m.start(), m.end())
    return "".join(chars)
