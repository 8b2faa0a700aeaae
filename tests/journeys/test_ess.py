"""The social-economy enterprise's journey, without an account: paste a notice into "puis-je
répondre ?" and read the verdict: who may bid, on which lots, by when, judged on what, what to do;
each point with its passage, the tender's title, no reservation without a passage that states it."""
from __future__ import annotations

# A notice written for this test: its reservation field is empty, and L2113-12 is cited only in
# the candidacy paperwork, as in the notice the issue saw.
NOTICE = """AVIS D'APPEL PUBLIC À LA CONCURRENCE

Objet : Entretien des espaces verts du parc de la Roseraie
Acheteur : Ville de Port-Aubrac
Date limite de réception des offres : 20 novembre 2026 à 12 h 00

Marché réservé :
Le candidat joint, le cas échéant, l'attestation prévue à l'article L2113-12 du code de la commande publique (formulaire DC1).

La consultation est divisée en 2 lots : lot 1 tonte, lot 2 taille des haies.
Les groupements d'entreprises sont autorisés.
La visite du site est obligatoire.

Critères d'attribution : prix 60 % ; valeur technique 30 % ; performance en matière d'insertion professionnelle 10 %.

Le titulaire s'engage à réaliser 300 heures d'insertion au bénéfice de personnes éloignées de l'emploi.
"""


def test_the_ess_enterprise_journey(as_user):
    visitor = as_user(None)
    page = visitor.page
    visitor.go("/check")
    visitor.step("ess-01-formulaire")
    page.fill("#text", NOTICE)
    page.get_by_role("button", name="Vérifier", exact=True).click()
    result = page.locator("#resultat")
    result.wait_for(timeout=120_000)
    text = result.inner_text()
    assert "Entretien des espaces verts du parc de la Roseraie" in page.locator("#resultat-titre").inner_text()
    assert "Texte collé" not in page.locator("#resultat-titre").inner_text()
    headline = page.locator("#resultat .verdict").inner_text()
    assert headline.startswith("Oui, une petite structure peut répondre")
    assert "Marché réservé EA/ESAT" not in text  # the paperwork is no reservation
    for heading in ("Qui peut répondre", "Sur quels lots", "Pour quand", "Sur quels critères l'offre sera jugée",
                    "Ce que vous pouvez faire"):
        assert heading in text, heading
    assert "300 heures d'insertion" in text and "« Le titulaire s'engage" in text
    assert "Poser une question à l'acheteur" in text
    assert "Diviser le besoin" not in text and "allotir" not in text.lower()  # the buyer's advice stays his
    for quote in page.locator("#resultat blockquote").all_inner_texts():
        body = quote.strip().strip("«»").strip()
        assert body[:1].isupper() or body[:1].isdigit() or body.startswith("…"), quote  # no word cut in two
    visitor.step("ess-02-verdict")
