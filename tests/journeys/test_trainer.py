"""The trainer's journey: the guide, three searches in a row, a sheet with its real excerpts, the
guide as PDF, the exercises with their answer key as a trainer, without it as a visitor."""
from __future__ import annotations

from pathlib import Path


def test_the_trainer_journey(as_user):
    import pypdfium2

    tom = as_user("tom")
    page = tom.page
    tom.go("/guide")
    tom.step("formateur-01-guide")

    for n, query in enumerate(("insertion", "avance", "écolabel"), 1):  # the per-thread index: each answers
        page.fill("#gq", query)
        with page.expect_navigation():
            page.locator("#guide-search button").click()
        assert "/guide/recherche" in page.url
        assert page.get_by_role("heading", name=f"Recherche dans le guide : « {query} »").is_visible()
        assert page.locator("main ul li a").count() >= 1
        if n == 3:
            tom.step("formateur-02-recherche")
        page.go_back()

    tom.go("/guide/clause-insertion")
    excerpt = page.locator("blockquote.excerpt").first
    assert "350 heures" in excerpt.inner_text()
    source = excerpt.locator("footer a")
    assert "Entretien des espaces verts" in source.inner_text() and source.get_attribute("href").startswith("/tenders/")
    tom.step("formateur-03-fiche")
    tom.go("/guide/acces-petites-structures")
    assert page.locator("blockquote.excerpt").count() >= 1  # strengths found in the stored tender
    tom.shoot("formateur-04-fiche-petites-structures")

    tom.go("/guide")
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger le guide (PDF)").click()
    pdf = pypdfium2.PdfDocument(Path(info.value.path()).read_bytes())
    assert len(pdf) >= 30 and "Sommaire" in pdf[1].get_textpage().get_text_range()

    tom.go("/guide/exercices")
    assert page.locator("section.exercise details").count() >= 1
    page.locator("section.exercise details summary").first.click()
    assert page.locator("section.exercise details p").first.is_visible()
    kinds = page.locator("section.exercise h2").all_inner_texts()
    assert {"Repérer le levier", "Corriger la clause", "Calculer les heures d'insertion", "Choisir le levier"} <= {
        k.split(" — ", 1)[1] for k in kinds}
    tom.step("formateur-05-exercices-corriges")

    visitor = as_user(None)
    visitor.go("/guide/exercices")
    assert visitor.page.locator("section.exercise details").count() == 0
    assert visitor.page.get_by_text("Les corrigés sont réservés aux formateurs").is_visible()
    visitor.step("visiteur-01-exercices-sans-corrige")
