"""Who may read which report: admins and trainers any scope; an officer only the buyers its
organisation answers for (table org_buyers: a SIRET, or a SIREN for all its establishments).
Pure: the role and the organisation's identifiers in, a refusal (French) or None out."""
from __future__ import annotations

from decp.scope import Scope

ANY_SCOPE = ("admin", "trainer")


def default_scope(identifiers: list[str]) -> Scope | None:
    """The scope of all the buyers an organisation answers for; None when it has none."""
    sirets = tuple(i for i in identifiers if len(i) == 14)
    sirens = tuple(i for i in identifiers if len(i) == 9)
    return Scope(sirets=sirets, sirens=sirens) if sirets or sirens else None


def refusal(role: str, identifiers: list[str], scope: Scope) -> str | None:
    if role in ANY_SCOPE:
        return None
    if role != "officer":
        return "Votre compte ne permet pas de consulter de bilan."
    if not scope.is_buyers:
        return ("Un compte d'agent consulte le bilan des acheteurs de son organisation : périmètre siret:… ou "
                "siren:…, pas un département ni une région.")
    sirets = {i for i in identifiers if len(i) == 14}
    sirens = {i for i in identifiers if len(i) == 9}
    outside = [s for s in scope.sirets if s not in sirets and s[:9] not in sirens]
    outside += [s for s in scope.sirens if s not in sirens]
    if outside:
        return (f"Ces acheteurs ne sont pas rattachés à votre organisation : {', '.join(outside)} "
                "(un administrateur les rattache avec flask --app app org-buyer).")
    return None
