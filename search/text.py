"""Vietnamese text for search: folding with offsets, query parsing, highlighted snippets.

Every engine indexes and queries *folded* text (lower-case ASCII, "Đăng ký" → "dang ky"), so
matching ignores case and diacritics the same way on PostgreSQL, SQLite and Elasticsearch.
"""

import re
from dataclasses import dataclass, field

from anyascii import anyascii
from django.utils.html import escape
from django.utils.safestring import mark_safe

from portal.text import fold_vi

_WORD = re.compile(r"[a-z0-9]+")
_PHRASE = re.compile(r'"([^"]*)"')
MAX_TERMS = 12


def fold_with_offsets(text):
    """The folded text and, for each folded character, its index in the original text."""
    folded, offsets = [], []
    for index, char in enumerate(text):
        for out in anyascii(char).lower():
            folded.append(out)
            offsets.append(index)
    return "".join(folded), offsets


def fold_words(text):
    """The folded words of a text: "Tuyển sinh lớp 10" → ["tuyen", "sinh", "lop", "10"]."""
    return _WORD.findall(fold_vi(text))


def folded_document(text):
    """Folded text stored for matching: words separated by single spaces, padded by one."""
    return f" {' '.join(fold_words(text))} "


@dataclass(frozen=True)
class ParsedQuery:
    """A user's query: loose terms and "quoted phrases", all folded."""

    terms: tuple = ()
    phrases: tuple = field(default_factory=tuple)

    def __bool__(self):
        return bool(self.terms or self.phrases)

    @property
    def all_words(self):
        words = list(self.terms)
        for phrase in self.phrases:
            words.extend(phrase)
        return words


def parse_query(raw):
    """Split a query into folded words and quoted phrases (an unclosed quote is ignored)."""
    phrases = []
    for match in _PHRASE.finditer(raw):
        words = tuple(fold_words(match.group(1)))
        if len(words) > 1:
            phrases.append(words)
        elif words:
            raw = raw.replace(match.group(0), f" {words[0]} ")
    rest = _PHRASE.sub(" ", raw).replace('"', " ")
    terms = []
    for word in fold_words(rest):
        if word not in terms:
            terms.append(word)
    budget = MAX_TERMS
    terms = terms[:budget]
    budget -= len(terms)
    kept_phrases = []
    for phrase in phrases:
        if budget <= 0:
            break
        kept_phrases.append(phrase[:budget])
        budget -= len(phrase)
    return ParsedQuery(terms=tuple(terms), phrases=tuple(kept_phrases))


def _match_spans(folded, query):
    """(start, end) spans of the folded text where a term or phrase matches at a word start."""
    spans = []
    patterns = [re.escape(term) for term in query.terms]
    patterns += [r"[^a-z0-9]+".join(re.escape(word) for word in phrase) for phrase in query.phrases]
    for pattern in patterns:
        for match in re.finditer(rf"(?<![a-z0-9]){pattern}", folded):
            spans.append(match.span())
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text, query, *, width=220):
    """A snippet of ``text`` around the first match, with matched words in <mark>, HTML-safe.

    The original (accented) text is shown; matching happens on its folded form. Without a
    match the snippet is the start of the text.
    """
    text = " ".join(str(text).split())
    if not text:
        return ""
    folded, offsets = fold_with_offsets(text)
    spans = []
    for s, e in _match_spans(folded, query):
        span = (offsets[s], offsets[e - 1] + 1)
        if spans and not text[spans[-1][1] : span[0]].strip():
            span = (spans[-1][0], span[1])  # "đăng" "ký" → one mark: "đăng ký"
            spans.pop()
        spans.append(span)
    if spans:
        first = spans[0][0]
        start = max(0, first - width // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
    else:
        start = 0
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    parts = ["…" if start else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        parts.append(escape(text[cursor:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))  # noqa: S308 -- every piece is escaped above
