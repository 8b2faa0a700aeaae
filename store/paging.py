"""Keyset paging, pure: cursors (a row's place in the list order, as an opaque token) and the
windowed pager (first, previous, a few pages around, next, last), never one link per page.

The list is ordered by (updated, id), newest first. A page is reached by its number (an offset,
for the first pages), or by the cursor of the row just above it (`after`), or of the row just
below it (`before`), or as the last page: the database walks an index from that row on, so page
5,000 costs what page 2 does."""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field

Key = tuple[str, int]  # (updated, id): a row's place in the list order
AROUND = 2  # numbered pages shown on each side of the current one


def encode(key: Key) -> str:
    raw = json.dumps([key[0], key[1]], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token: str) -> Key | None:
    """The key of a cursor; None for anything that is not one of ours (ignored, like a bad number)."""
    try:
        updated, tender_id = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, TypeError):
        return None
    if not isinstance(updated, str) or not isinstance(tender_id, int) or isinstance(tender_id, bool):
        return None
    return updated, tender_id


@dataclass(frozen=True)
class Link:
    """One entry of the pager: `kind` is first, previous, page, gap, next or last; `args` the
    query-string arguments that reach it ({} is the first page); `current` for the page shown."""
    kind: str
    label: str
    args: dict = field(default_factory=dict)
    current: bool = False


def page_count(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def window(start: int, shown: int, total: int, per_page: int, ahead: list[Key], behind: list[Key]) -> list[Link]:
    """The pager of a page whose first row is at position `start` (0-based) and shows `shown` rows.

    `ahead` holds the keys from the first row shown downwards (at least 2 pages of them when they
    exist), `behind` the keys above it, nearest first (2 pages and one more): what the numbered
    links next to the current page need for their cursors."""
    pages = page_count(total, per_page)
    number = start // per_page + 1
    more = shown > 0 and start + shown < total
    links: list[Link] = []
    if start > 0:
        links.append(Link("first", "Première page", {}))
        if shown:
            links.append(Link("previous", "Page précédente", {"before": encode(ahead[0])}))
    numbered: dict[int, dict] = {number: {"after": encode(behind[0])} if start > 0 and behind else {}}
    for step in range(1, AROUND + 1):
        if number - step < 1:
            break
        target = start - step * per_page  # where the page `step` pages up begins
        if target <= 0:
            numbered[1] = {}
            break
        if len(behind) > step * per_page:  # the row just above that page
            numbered[number - step] = {"after": encode(behind[step * per_page])}
    for step in range(1, AROUND + 1):
        target = start + step * per_page
        if target >= total or len(ahead) < step * per_page:
            break
        numbered[number + step] = {"after": encode(ahead[step * per_page - 1])}
    if 1 not in numbered:
        numbered[1] = {}
    if more and pages not in numbered and pages > number:
        numbered[pages] = {"last": 1}
    previous = 0
    for n in sorted(numbered):
        if previous and n > previous + 1:
            links.append(Link("gap", "…"))
        links.append(Link("page", str(n), numbered[n], current=n == number))
        previous = n
    if more:
        links += [Link("next", "Page suivante", {"after": encode(ahead[shown - 1])}),
                  Link("last", "Dernière page", {"last": 1})]
    return links
