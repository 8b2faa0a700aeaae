"""Contract terms read from the files: each fact with its passage, the forms files write them in
(sentences, table rows, form fields, line breaks), and what is never evidence."""
from __future__ import annotations

from tenders.model import Document, Page, Tender
from tenders.structure import skipped_spans
from tenders.terms import read_terms, units


def facts(*pages: str, kind: str = "RC") -> dict[tuple[str, str], object]:
    doc = Document(name=f"{kind}.pdf", kind=kind, format="pdf", paginated=True,
                   pages=[Page(i + 1, text, skip=skipped_spans(text, kind)) for i, text in enumerate(pages)])
    return {(t.id, t.fact): t for t in read_terms(Tender(documents=[doc]))}


def test_advance_rate_and_its_page():
    found = facts("Article 6 - Avance", "Le montant de l'avance est fixé à 5,00 % du montant initial du marché.")
    term = found[("advance_payment", "rate")]
    assert term.value == 5.0 and term.page == 2 and term.document == "RC.pdf"
    assert "fixé à 5,00 %" in term.evidence


def test_no_advance_and_the_repayment_threshold_is_not_a_rate():
    found = facts("Il n'est pas prévu d'avance. Le remboursement de l'avance commence lorsque le montant atteint 65 %.")
    assert ("advance_payment", "none") in found
    assert ("advance_payment", "rate") not in found


def test_first_demand_guarantee_only_when_no_surety_is_offered():
    alone = facts("Avance de 5,0 %. Garantie à première demande couvrant 100,0 % du montant de l'avance.")
    assert ("advance_payment", "first_demand") in alone
    choice = facts("Garantie à première demande ou caution personnelle et solidaire couvrant 100 % de l'avance.")
    assert ("advance_payment", "first_demand") not in choice


def test_retention_guarantee_none_in_a_sentence_and_in_a_table_cell():
    assert ("retention_guarantee", "none") in facts("Aucune retenue de garantie ne sera effectuée.")
    assert ("retention_guarantee", "none") in facts("Retenue de garantie | Néant")
    assert facts("Une retenue de garantie de 10 % est prélevée.")[("retention_guarantee", "rate")].value == 10


def test_payment_delay_in_figures_and_in_words():
    assert facts("Le délai global de paiement est de 30 jours.")[("payment_delay", "days")].value == 30
    assert facts("Le délai de paiement est de trente (30) jours.")[("payment_delay", "days")].value == 30
    assert facts("Les sommes dues seront payées dans un délai de 45 jours à compter de la "
                 "réception de la facture.")[("payment_delay", "days")].value == 45
    assert ("payment_delay", "days") not in facts("Le délai de validité des offres est de 120 jours.")


def test_a_sentence_wrapped_over_pdf_lines_is_one_unit():
    found = facts("Les sommes dues au titulaire seront payées dans un délai\nglobal de 30 jours à compter de la demande.")
    assert found[("payment_delay", "days")].value == 30


def test_penalties_capped_uncapped_or_by_the_ccag():
    assert ("penalties", "uncapped") in facts(
        "Par dérogation au CCAG, le montant total des pénalités de retard pourra excéder 10 % du montant du marché.")
    assert ("penalties", "capped") in facts("Le montant des pénalités est plafonné à 10 % du montant du marché.")
    assert ("penalties", "ccag") in facts("Les pénalités sont appliquées conformément à l'article 14 du CCAG-FCS.")
    assert ("penalties", "capped") not in facts(
        "Le montant de cette pénalité ne pourra toutefois pas excéder le montant des amendes pénales.")


def test_turnover_floor_as_a_multiple_an_amount_or_a_mere_declaration():
    assert facts("Le candidat devra avoir un chiffre d'affaires au moins deux fois supérieur au montant du lot."
                 )[("turnover_requirement", "multiple")].value == 2
    assert facts("Chiffre d'affaires annuel minimum exigé : 1 500 000 € HT."
                 )[("turnover_requirement", "minimum_amount")].value == 1_500_000
    found = facts("Déclaration concernant le chiffre d'affaires global réalisé au cours des trois derniers exercices.")
    assert set(found) == {("turnover_requirement", "declaration")}


def test_references_minimum_count_equivalents_and_other_means():
    assert facts("Le candidat produit au moins trois références similaires de moins de trois ans."
                 )[("references_required", "minimum_count")].value == 3
    assert ("references_required", "equivalent") in facts("Certification Qualibat 1552 ou équivalent.")
    assert ("references_required", "other_means") in facts(
        "Une société nouvellement créée peut prouver ses capacités par tout autre moyen considéré comme approprié.")


def test_groupings_forbidden_imposed_or_open():
    assert ("joint_bids", "forbidden") in facts("Les groupements ne sont pas autorisés.")
    assert ("joint_bids", "form_imposed") in facts(
        "En cas de groupement, la forme imposée par le pouvoir adjudicateur est un groupement solidaire.")
    assert ("joint_bids", "open") in facts("Aucune forme de groupement n'est imposée par le maître d'ouvrage.")
    for said in ("Aucune forme de groupement imposée à l'attributaire.",
                 "L'acheteur ne souhaite imposer aucune forme de groupement au titulaire.",
                 "Les entreprises peuvent répondre en groupement."):
        assert ("joint_bids", "open") in facts(said), said


def test_no_advance_written_without_a_verb():
    assert ("advance_payment", "none") in facts("Prix fermes. Aucune avance prévue. Paiement à 30 jours.")
    assert ("advance_payment", "none") in facts("Il n'est pas prévu d'avance.")
    assert ("advance_payment", "none") not in facts("Une avance de 10 % est prévue.")


def test_lots_counted_as_lot_s():
    assert facts("Les travaux sont répartis en 3 lot(s) :")[("lots", "divided")].value == 3


def test_variants_in_a_sentence_a_notice_form_and_a_table_row():
    assert ("variants", "forbidden") in facts("Les variantes ne sont pas autorisées.")
    assert ("variants", "forbidden") in facts("II.2.10) Variantes\nDes variantes seront prises en considération :non")
    assert ("variants", "forbidden") in facts("Variantes | Non")
    assert ("variants", "forbidden") in facts("Refus des variantes .")
    refused = facts("Aucune variante n'est autorisée, ni exigée.")
    assert ("variants", "forbidden") in refused and ("variants", "allowed") not in refused
    assert ("variants", "allowed") in facts("Des variantes seront prises en considération : oui")


def test_site_visit_mandatory_or_optional():
    assert ("site_visit", "mandatory") in facts("Une visite du site est obligatoire avant la remise des offres.")
    optional = facts("La visite des lieux n'est pas obligatoire.")
    assert ("site_visit", "optional") in optional and ("site_visit", "mandatory") not in optional


def test_candidacy_file_dume_and_the_simplified_procedure_box():
    assert ("candidacy_file", "dume") in facts("Le candidat peut fournir le DUME en lieu et place des DC1 et DC2.")
    ticked = ("III.2.4) Marché éligible au MPS\nLa transmission et la vérification des documents de candidatures peut "
              "être effectuée par le dispositif Marché public simplifié sur présentation du numéro de SIRET : {}")
    assert ("candidacy_file", "once_only") in facts(ticked.format("OUI"))
    assert ("candidacy_file", "once_only") not in facts(ticked.format("NON"))


def test_lots_stated_in_words_and_in_a_notice_form():
    assert ("lots", "not_divided") in facts("Il n'est pas prévu de décomposition en lots.")
    assert ("lots", "not_divided") in facts("Ce marché est divisé en lots : non")
    assert facts("La consultation est divisée en 4 lots.")[("lots", "divided")].value == 4


def test_lots_said_not_divided_in_other_words_and_what_is_no_such_statement():
    for wording in ("Le marché est passé sans allotissement.", "Il n'est pas prévu de lots.",
                    "Marché unique, non alloti.", "Décomposition en lots : non"):
        assert ("lots", "not_divided") in facts(wording), wording
    assert ("lots", "not_divided") not in facts("Il n'y a pas de lots réservés. Le prix est global, sans décomposition.")


def test_the_lot_reader_and_the_terms_share_one_wording():
    from tenders.lots import read_lots
    # wordings the lot reader's own list never had: it reads terms.yml's now
    for wording in ("Allotissement : non", "Divided into lots: no", "Le marché est passé sans allotissement."):
        doc = Document(name="RC.pdf", kind="RC", format="pdf", paginated=True, pages=[Page(1, f"Article 2\n{wording}")])
        assert read_lots([doc]) == ([], False), wording


def test_a_table_of_contents_line_is_never_a_term():
    toc = ("SOMMAIRE\n2.6 - Variantes ne sont pas autorisées ............................ 5\n"
           "6 - Avance de 30 % ....................................................... 7\n")
    assert facts(toc) == {}


def test_units_split_sentences_and_rows_and_keep_wrapped_lines():
    page = Page(1, "Première phrase. Seconde\nsuite en minuscule.\nTitre | Valeur\n- puce")
    pieces = [page.text[a:b] for a, b in units(page)]
    assert pieces == ["Première phrase.", "Seconde\nsuite en minuscule.", "Titre | Valeur", "- puce"]


def test_each_fact_is_kept_once_from_the_first_document_a_reader_opens():
    rc = Document(name="RC.pdf", kind="RC", pages=[Page(1, "Le délai global de paiement est de 30 jours.")])
    cctp = Document(name="CCTP.pdf", kind="CCTP", pages=[Page(1, "Le délai global de paiement est de 60 jours.")])
    terms = read_terms(Tender(documents=[cctp, rc]))
    assert [(t.document, t.value) for t in terms] == [("RC.pdf", 30.0)]


def test_a_jointly_liable_lead_member_is_no_form_imposed() -> None:
    found = facts("La forme du groupement n'est pas imposée. En cas de groupement conjoint, le mandataire est "
                  "solidaire de chacun des membres pour ses obligations contractuelles.")
    assert ("joint_bids", "lead_liable") in found and ("joint_bids", "open") in found
    assert ("joint_bids", "form_imposed") not in found


def test_the_form_a_grouping_must_take_after_award_is_read_from_the_notice_field() -> None:
    found = facts("Forme juridique que devra revêtir le groupement d'opérateurs économiques attributaire du "
                   "marché : groupement solidaire.")
    assert ("joint_bids", "form_imposed") in found


def test_payment_within_a_delay_written_after_the_word_payment() -> None:
    for sentence in ("Le paiement, par virement, interviendra dans un délai de 30 jours à compter de la facture.",
                     "Paiement dans un délai global de 30 jours à compter de la réception des factures."):
        assert ("payment_delay", "days") in facts(sentence), sentence
    assert not facts("Le délai de validité des offres est de 120 jours.")


def test_list_items_glued_after_a_stop_are_separate_units():
    text = "Des variantes sont autorisées.-La transmission électronique est obligatoire."
    assert ("variants", "allowed") in facts(text)  # "obligatoire" belongs to the next item


def test_no_bond_in_the_notice_field_and_visits_by_other_words():
    assert ("retention_guarantee", "none") in facts("Cautionnement et garanties exigés : aucune caution exigée.")
    assert ("retention_guarantee", "none") in facts("Il n'est pas exigé de cautionnement ni de retenue de garantie.")
    assert ("site_visit", "optional") in facts("Une visite des locaux est préconisée avant la remise des offres.")
    assert ("site_visit", "mandatory") in facts("Les candidats se rendront obligatoirement sur le site avant de répondre.")
    assert ("variants", "allowed") in facts("Des variantes seront-elles prises en compte : oui.")


def test_other_means_and_equivalents_in_the_forms_notices_use():
    # the statutory fallback for financial standing is no opening for new firms
    assert ("references_required", "other_means") not in facts(
        "Le candidat peut prouver sa capacité financière par tout autre document considéré comme équivalent.")
    assert ("references_required", "other_means") in facts("L'entreprise nouvellement crée pourra déclarer ses effectifs.")
    assert ("references_required", "equivalent") in facts("Pour chaque certificat, acceptation de tout moyen de preuve équivalent.")
    assert ("references_required", "equivalent") in facts("Un système qualité de type ISO ou équivalent est demandé.")


def test_groupings_open_or_imposed_in_the_notice_formulas():
    assert ("joint_bids", "open") in facts(
        "Les opérateurs économiques peuvent se porter candidat sous forme de groupement solidaire ou conjoint.")
    assert ("joint_bids", "open") in facts("L'offre, qu'elle soit présentée par une seule entreprise ou par un groupement.")
    imposed = facts("La forme souhaitée est un groupement conjoint avec mandataire solidaire. Si le groupement "
                    "attributaire est d'une forme différente, il pourra se voir contraint d'assurer sa transformation.")
    assert ("joint_bids", "form_imposed") in imposed


def test_capacity_by_any_means_a_certificate_to_supply_and_a_turnover_statement_with_words_between():
    assert ("references_required", "other_means") in facts(
        "En l'absence de références, le candidat pourra justifier par tout moyen de sa capacité.")
    assert ("references_required", "certificate_required") in facts(
        "Fournir les attestations de certification à la norme NF X en cours de validité.")
    assert ("references_required", "certificate_required") not in facts(
        "Fournir les attestations de certification à la norme NF X ou équivalent.")
    assert ("turnover_requirement", "declaration") in facts(
        "Une déclaration indiquant, pour chacun des trois derniers exercices, le chiffre d'affaires global.")


def test_payment_put_in_hand_within_days_and_variants_proposed_up_to_a_number():
    found = facts("Le mode de règlement est le mandat administratif avec mise en paiement sous trente (30) jours.")
    assert found[("payment_delay", "days")].value == 30
    assert ("variants", "allowed") in facts("Les soumissionnaires sont autorisés à proposer au maximum 3 variantes.")


def test_a_form_the_buyer_imposes_and_equivalent_bodies():
    assert ("joint_bids", "form_imposed") in facts(
        "Après attribution, la personne publique impose la forme d'un groupement solidaire.")
    assert ("references_required", "equivalent") in facts(
        "Les candidats doivent être accrédités par le Cofrac ou un organisme accréditeur équivalent.")
    assert ("references_required", "equivalent") in facts(
        "Certificats de conformité ou, à défaut, preuves de mesures équivalentes de garantie de la qualité.")


def test_a_label_alone_on_its_line_is_read_with_the_value_under_it():
    assert ("retention_guarantee", "none") in facts("Cautionnement et garanties exigés :\nAucune garantie exigée.")
    assert ("variants", "forbidden") in facts("Variantes :\nNon")
    # a line that does not end with a colon still ends its unit before a capital
    assert ("variants", "forbidden") not in facts("Variantes autorisées\nNon applicable aux lots.")



def test_turnover_in_the_plural_abbreviated_or_in_the_forms_minimum_level():
    assert ("turnover_requirement", "declaration") in facts("Déclaration des chiffres d'affaires des trois derniers exercices.")
    assert facts("Le candidat justifie d'un CA au moins égal à deux fois le montant du lot.")[
        ("turnover_requirement", "multiple")].value == 2
    floor = facts("Déclaration concernant le chiffre d'affaires des trois derniers exercices - niveau spécifique "
                  "minimal exigé : 40 000 euro(s) HT.")
    assert floor[("turnover_requirement", "minimum_amount")].value == 40000
    required = facts("Un chiffre d'affaires annuel de 300 000 euros HT sera au minimum requis.")
    assert required[("turnover_requirement", "minimum_amount")].value == 300000


def test_references_counted_without_the_word_reference_and_equivalents_in_other_words():
    count = facts("Les candidats présenteront au moins trois prestations similaires au lot visé.")
    assert ("references_required", "minimum_count") in count
    for wording in ("Agrément de l'autorité de contrôle (ACPR ou son équivalent).",
                    "Le marquage des produits pourra faire l'objet d'une équivalence.",
                    "Le candidat peut prouver sa capacité par tout document considéré comme équivalent."):
        assert ("references_required", "equivalent") in facts(wording), wording
    assert ("references_required", "other_means") in facts(
        "Les entreprises nouvellement créées sont invitées à présenter leurs moyens.")


def test_groupings_open_in_the_forms_wordings_and_a_transformation_the_buyer_may_demand():
    for wording in ("Le marché sera conclu avec un titulaire unique ou avec un groupement dont la forme n'est pas imposée.",
                    "Aucune forme de groupement imposé à l'attributaire.",
                    "Le marché sera conclu soit avec un prestataire unique, soit avec des prestataires groupés conjoints.",
                    "Que le groupement soit conjoint ou solidaire, son mandataire répond de chacun des membres."):
        assert ("joint_bids", "open") in facts(wording), wording
    for wording in ("L'acheteur pourra exiger la transformation du groupement en groupement solidaire après attribution.",
                    "Après attribution, la forme du groupement exigée sera la forme conjointe avec mandataire solidaire."):
        assert ("joint_bids", "form_imposed") in facts(wording), wording


def test_payment_within_the_delay_after_the_invoice_and_by_transfer_at_n_days():
    assert facts("Le paiement sera effectué par virement dans le délai de 45 jours à compter de la réception de la "
                 "facture.")[("payment_delay", "days")].value == 45
    assert facts("Le mode de règlement retenu est le virement à trente (30) jours.")[("payment_delay", "days")].value == 30


def test_a_grouping_that_may_take_either_form_is_open_even_when_its_lead_is_liable():
    for wording in ("La forme des groupements d'entreprises pourra être le groupement solidaire ou conjoint.",
                    "La forme juridique du groupement peut être conjointe ou solidaire.",
                    "Le choix de la forme du groupement est laissé aux candidats."):
        assert ("joint_bids", "open") in facts(wording), wording
    found = facts("La forme du groupement pourra être solidaire ou conjointe. En cas de groupement conjoint, la forme "
                  "imposée par l'acheteur est le groupement conjoint avec mandataire solidaire.")
    assert ("joint_bids", "open") in found and ("joint_bids", "form_imposed") not in found


def test_capacity_proved_otherwise_in_the_passive_after_a_recent_creation_or_by_any_other_element():
    for wording in ("La capacité financière peut être prouvée par tout autre moyen que la remise des chiffres d'affaires.",
                    "Si le candidat ne peut présenter cette déclaration en raison d'une création récente, il indiquera "
                    "à défaut ses effectifs à la date de sa candidature.",
                    "Un tableau des références de moins de cinq ans ou tout autre élément permettant d'appuyer la "
                    "justification des compétences demandées."):
        assert ("references_required", "other_means") in facts(wording), wording
    # a copy of a register extract "ou tout autre document" proves nothing about capacity
    assert ("references_required", "other_means") not in facts(
        "Extrait Kbis, récépissé de déclaration au centre de formalités, ou tout autre document.")


def test_a_joint_and_several_form_imposed_in_the_forms_field_and_in_other_words():
    field = "Forme juridique que devra revêtir le groupement d'opérateurs économiques attributaire du marché : "
    for wording in (field + "solidaire.",
                    "Le candidat se présentant en groupement devra être sous la forme : groupement conjoint et solidaire.",
                    "Après attribution, le groupement retenu sera un groupement solidaire.",
                    "La forme du groupement attributaire sera obligatoirement solidaire.",
                    "Le pouvoir adjudicateur impose que le groupement soit solidaire.",
                    "Le groupement solidaire est imposé."):
        assert ("joint_bids", "form_imposed") in facts(wording), wording
    either = facts(field + "groupement solidaire ou conjoint avec mandataire solidaire.")
    assert ("joint_bids", "open") in either and ("joint_bids", "form_imposed") not in either
    lead = facts("En cas d'attribution du marché à un groupement conjoint, le mandataire du groupement sera solidaire.")
    assert ("joint_bids", "lead_liable") in lead and ("joint_bids", "form_imposed") not in lead


def test_a_turnover_floor_in_the_forms_order_in_a_comparison_or_opening_the_sentence():
    for wording, amount in (("Niveau(x) spécifique(s) minimal/minimaux exigé(s) : chiffre d'affaires annuel supérieur à "
                             "500 000 euros.", 500000),
                            ("Le chiffre d'affaires annuel moyen des trois dernières années doit être supérieur à "
                             "300 000 euros.", 300000),
                            ("Le candidat doit avoir réalisé un chiffre d'affaires supérieur à 80 000 euros HT.", 80000),
                            ("Le montant minimum du chiffre d'affaires annuel est fixé à 400 000 euros.", 400000),
                            ("CA minimum : 100 k€.", 100000)):
        assert facts(wording)[("turnover_requirement", "minimum_amount")].value == amount, wording
    for wording in ("Il n'est pas exigé de chiffre d'affaires minimum.", "Pas de CA minimum exigé."):
        assert ("turnover_requirement", "none_required") in facts(wording), wording
    # a share of the turnover made in the field is no floor
    assert ("turnover_requirement", "minimum_amount") not in facts(
        "Chiffre d'affaires des trois dernières années, dont au moins 20 % réalisés dans le domaine.")


def test_penalties_said_uncapped_are_not_capped_and_the_ccag_is_named_with_its_article():
    uncapped = facts("Par dérogation au CCAG, les pénalités ne sont pas plafonnées.")
    assert ("penalties", "uncapped") in uncapped and ("penalties", "capped") not in uncapped
    assert ("penalties", "ccag") in facts("Des pénalités de retard seront appliquées conformément au CCAG-FCS.")
    assert ("penalties", "ccag") in facts("Les pénalités sont celles prévues à l'article 14.1 du CCAG-TIC.")


def test_payment_delay_of_the_mandatement():
    assert facts("Le mandatement interviendra dans un délai de 50 jours.")[("payment_delay", "days")].value == 50


def test_the_statutory_once_only_rules_and_variants_in_field_or_offer_wordings():
    for wording in ("Le candidat n'est pas tenu de fournir les documents et renseignements que l'acheteur peut obtenir "
                    "directement par le biais d'un système électronique de mise à disposition d'informations.",
                    "Les candidats ne sont pas tenus de fournir les documents déjà transmis lors d'une précédente "
                    "consultation et qui demeurent valables."):
        assert ("candidacy_file", "once_only") in facts(wording), wording
    assert ("variants", "allowed") in facts("Les candidats peuvent présenter une offre variante.")
    assert ("variants", "allowed") in facts("Variante exigée : non. Variante autorisée : oui.")
    assert ("variants", "forbidden") not in facts("Variante exigée : non. Variante autorisée : oui.")
    assert ("variants", "forbidden") in facts("Variante autorisée : non.")
    assert ("variants", "forbidden") in facts("Il n'est pas prévu de variantes.")


def test_a_candidacy_by_siret_originals_on_paper_and_a_visit_that_conditions_the_offer():
    assert ("candidacy_file", "once_only") in facts(
        "La candidature peut être présentée au moyen du numéro SIRET (marché public simplifié).")
    for wording in ("Le pli devra contenir les pièces originales signées.",
                    "Les documents devront être remis en original papier."):
        assert ("candidacy_file", "originals") in facts(wording), wording
    for wording in ("La participation à la visite est une condition de recevabilité de l'offre.",
                    "Les candidats doivent avoir visité le site ; une attestation de visite sera jointe à l'offre."):
        assert ("site_visit", "mandatory") in facts(wording), wording
    assert ("site_visit", "mandatory") not in facts("Une visite est proposée ; elle n'est pas obligatoire.")


def test_the_forms_level_alone_on_its_line_with_a_sum_is_a_turnover_floor():
    form = ("III.1.2) Capacité économique et financière\nDéclaration concernant le chiffre d'affaires global des "
            "trois derniers exercices.\nNiveau(x) spécifique(s) minimal/minimaux exigé(s) :\n300 000 euros")
    assert facts(form)[("turnover_requirement", "minimum_amount")].value == 300000
    assert facts("Chiffre d'affaires annuel : 150 000 € minimum.")[("turnover_requirement", "minimum_amount")].value == 150000
    for other in ("Niveau(x) spécifique(s) minimal/minimaux exigé(s) : attestation d'assurance de 1 000 000 €",
                  "Niveau(x) spécifique(s) minimal/minimaux exigé(s) : 3 références de moins de 3 ans"):
        assert ("turnover_requirement", "minimum_amount") not in facts(other), other


def test_groupings_open_in_more_of_the_usual_wordings_and_the_one_role_rule_is_not_one():
    for wording in ("Les candidats peuvent se présenter en tant que candidat individuel ou membre d'un groupement.",
                    "Les offres peuvent être présentées par des entreprises individuelles ou des groupements.",
                    "Le marché pourra être attribué à une entreprise seule ou à un groupement d'entreprises.",
                    "Les candidatures groupées sont acceptées.",
                    "Le recours à la sous-traitance est autorisé.",
                    "Aucune forme de groupement n'est exigée.",
                    "Pas de forme juridique imposée au groupement.",
                    "En cas de groupement, celui-ci pourra être conjoint ou solidaire."):
        assert ("joint_bids", "open") in facts(wording), wording
    assert ("joint_bids", "open") not in facts(
        "Il est interdit de présenter plusieurs offres en agissant à la fois en qualité de candidat individuel et "
        "de membre d'un groupement.")


def test_advance_granted_or_refused_and_payment_by_administrative_order_in_other_words():
    assert ("advance_payment", "statutory") in facts(
        "Le titulaire bénéficie d'une avance dans les conditions de l'article R2191-3.")
    assert ("advance_payment", "none") in facts("Il ne sera pas versé d'avance.")
    # the bidder's right to refuse it, or the subcontractor's advance, says nothing of the contract's
    assert not {k for k in facts("Le titulaire qui refuse de bénéficier d'une avance le précise dans l'acte "
                                 "d'engagement.") if k[0] == "advance_payment"}
    for wording in ("Modalités de paiement : virement administratif sous 30 jours.",
                    "Paiement par mandat administratif à 30 jours.",
                    "Le règlement des factures interviendra à 30 jours."):
        assert facts(wording)[("payment_delay", "days")].value == 30, wording
