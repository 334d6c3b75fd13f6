"""MkDocs hook: Vietnamese words typed without diacritics find the page ("du lieu" -> "dữ liệu").

After the search plugin has written search/search_index.json (and before Material's offline plugin
inlines it into search_index.js, priority -100), each entry gets the diacritics-folded form of its
words that have diacritics, in a hidden span: the search worker indexes the text of every HTML
text node, the result teaser renders the span hidden. Queries with diacritics match as before."""

from __future__ import annotations

import html
import json
import os
import re
import unicodedata

from mkdocs.plugins import event_priority

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """'Dữ liệu Đồng Nai' -> 'Du lieu Dong Nai' (đ/Đ are letters of their own, not d + a mark)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def folded_words(markup: str) -> str:
    words = _WORD.findall(html.unescape(_TAG.sub(" ", markup)))
    return " ".join(dict.fromkeys(f for w in words if (f := fold(w)) != w))


@event_priority(-50)
def on_post_build(config, **kwargs) -> None:
    path = os.path.join(config["site_dir"], "search", "search_index.json")
    if not os.path.isfile(path):
        return
    with open(path, encoding="utf-8") as f:
        index = json.load(f)
    for doc in index["docs"]:
        for field in ("title", "text"):
            extra = folded_words(doc.get(field, ""))
            if extra:
                doc[field] = f'{doc[field]} <span hidden>{html.escape(extra)}</span>'
    with open(path, "w", encoding="utf-8") as f:
        json.dump(index, f, ensure_ascii=False, separators=(",", ":"))
