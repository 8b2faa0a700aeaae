"""Which weights of a passage are criteria and which are sub-criteria."""
from __future__ import annotations

import functools

from nlp.criteria.weights import TOLERANCE, Token, close_to


def _reduce(weights: list[float], target: float, full: float) -> list[int] | None:
    """Indices of the top-level weights when the list reads as criteria (adding up to `target`),
    each optionally followed by a run of two or more sub-weights that add up to it or to `full`."""
    n = len(weights)

    @functools.cache
    def solve(i: int, j: int, t: float) -> tuple[int, ...] | None:
        if i >= j:
            return () if close_to(t, 0) else None
        if t < -TOLERANCE:
            return None
        for k in range(i + 1, j + 1):  # k: next top-level index; i+1..k-1 is the sub-run of i
            run = k - i - 1
            if run == 1:
                continue
            if run >= 2 and solve(i + 1, k, round(weights[i], 4)) is None and solve(i + 1, k, full) is None:
                continue
            rest = solve(k, j, round(t - weights[i], 4))
            if rest is not None:
                return (i,) + rest
        return None

    found = solve(0, n, target)
    return list(found) if found is not None else None


def criteria_of_list(weights: list[float]) -> list[float] | None:
    """The criteria of a list written with its sub-criteria lines ([40, 20, 20, 60] -> [40, 60]):
    each top weight followed by the run of sub-weights that adds up to it. None when the list
    does not add up that way."""
    if not weights:
        return None
    full = 1.0 if all(w <= 1 for w in weights) else 100.0
    found = _reduce(weights, full, full)
    return [weights[i] for i in found] if found is not None else None


def top_level(tokens: list[Token], total: float | None = None) -> set[int]:
    """Indices of the tokens that are criteria; the others are sub-criteria. `total`: the sum the
    text states ("total de 110 points"), else 1 or 100."""
    weights = [t.value for t in tokens]
    full = total or (1.0 if all(w <= 1 for w in weights) else 100.0)
    level0 = [i for i, t in enumerate(tokens) if t.level == 0]
    if level0 and close_to(sum(weights[i] for i in level0), full):
        return set(level0)
    if close_to(sum(weights), full):
        return set(range(len(tokens)))
    for candidates in (level0, list(range(len(tokens)))):
        if len(candidates) < 2:
            continue
        found = _reduce([weights[i] for i in candidates], full, full)
        if found is not None:
            return {candidates[i] for i in found}
    # Trailing numbers that are not criteria ("avance de 5 %" read too far): the longest prefix
    # that adds up.
    for end in range(len(tokens) - 1, 1, -1):
        found = _reduce(weights[:end], full, full)
        if found is not None:
            return set(found)
    return set(level0) if level0 else set(range(len(tokens)))


def _restated(first: Token, second: Token, text: str) -> bool:
    """"coefficient 0,6) : 60 %", "30 points (soit 30 %)": one weight written twice."""
    between = text[first.end:second.start]
    if len(between) > 40 or "\n" in between or first.kind == second.kind:
        return False
    a, b = first.value, second.value
    return close_to(a, b) or close_to(a * 100, b) or close_to(b * 100, a)


def choose_kinds(tokens: list[Token], text: str) -> list[Token]:
    """Scales and "/30" count only when a passage has no other kind of weight."""
    for kinds in (("pct", "pts", "pond"), ("scale",), ("slash",)):
        chosen = [t for t in tokens if t.kind in kinds]
        if chosen and (kinds != ("slash",) or len(chosen) >= 2):
            break
    else:
        return []
    kept: list[Token] = []
    for t in chosen:
        if kept and _restated(kept[-1], t, text):
            if kept[-1].kind == "pond":  # keep the weight in the unit the others use, named as before
                kept[-1] = Token(t.value, t.kind, kept[-1].start, t.end, t.lot)
            continue
        kept.append(t)
    return kept
