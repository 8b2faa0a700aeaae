"""French labels of the TED standard forms (R2.0.9), keyed by XML element name.

Wording follows the French standard forms' section numbering so that a reader finds the usual
landmarks ("II.2.5) Critères d'attribution"). A key "PARENT/CHILD" wins over "CHILD" where the
same element means different things in different places.
"""
from __future__ import annotations

FORM_TITLES: dict[str, str] = {
    "F01": "Avis de préinformation",
    "F02": "Avis de marché",
    "F03": "Avis d'attribution de marché",
    "F04": "Avis périodique indicatif – secteurs spéciaux",
    "F05": "Avis de marché – secteurs spéciaux",
    "F06": "Avis d'attribution de marché – secteurs spéciaux",
    "F07": "Système de qualification – secteurs spéciaux",
    "F08": "Avis sur un profil d'acheteur",
    "F12": "Avis de concours",
    "F13": "Résultats de concours",
    "F14": "Avis rectificatif",
    "F15": "Avis en cas de transparence ex ante volontaire",
    "F17": "Avis de marché – défense et sécurité",
    "F18": "Avis d'attribution de marché – défense et sécurité",
    "F20": "Avis de modification",
    "F21": "Services sociaux et autres services spécifiques – marchés publics",
    "F22": "Services sociaux et autres services spécifiques – secteurs spéciaux",
    "F23": "Services sociaux et autres services spécifiques – concessions",
    "F24": "Avis de concession",
    "F25": "Avis d'attribution de concession",
    "T01": "Avis de préinformation – services publics de transport de voyageurs",
    "T02": "Avis d'attribution – services publics de transport de voyageurs",
}

LEGAL_BASES: dict[str, str] = {
    "32014L0024": "Directive 2014/24/UE",
    "32014L0025": "Directive 2014/25/UE",
    "32014L0023": "Directive 2014/23/UE",
    "32009L0081": "Directive 2009/81/CE",
    "32007R1370": "Règlement (CE) nº 1370/2007",
}

# Top-level blocks of a form become the form's sections.
SECTIONS: dict[str, str] = {
    "CONTRACTING_BODY": "Section I : Pouvoir adjudicateur",
    "CONTRACTING_AUTHORITY_INFORMATION_DEFENCE": "Section I : Pouvoir adjudicateur",
    "OBJECT_CONTRACT": "Section II : Objet",
    "OBJECT_CONTRACT_INFORMATION_DEFENCE": "Section II : Objet du marché",
    "LEFTI": "Section III : Renseignements d'ordre juridique, économique, financier et technique",
    "LEFTI_CONTRACT_DEFENCE": "Section III : Renseignements d'ordre juridique, économique, "
    "financier et technique",
    "PROCEDURE": "Section IV : Procédure",
    "PROCEDURE_DEFINITION_CONTRACT_NOTICE_DEFENCE": "Section IV : Procédure",
    "AWARD_CONTRACT": "Section V : Attribution du marché",
    "RESULTS": "Section V : Résultats du concours",
    "COMPLEMENTARY_INFO": "Section VI : Renseignements complémentaires",
    "COMPLEMENTARY_INFORMATION_CONTRACT_NOTICE": "Section VI : Renseignements complémentaires",
    "MODIFICATIONS_CONTRACT": "Section VII : Modifications du marché",
    "CHANGES": "Section VII : Modifications",
}

# Empty elements that stand for a ticked box: the sentence the form prints for them.
FLAGS: dict[str, str] = {
    "LOT_DIVISION": "II.1.6) Information sur les lots\nCe marché est divisé en lots : oui",
    "NO_LOT_DIVISION": "II.1.6) Information sur les lots\nCe marché est divisé en lots : non",
    "LOT_ALL": "Des offres peuvent être soumises pour tous les lots",
    "LOT_ONE_ONLY": "Des offres peuvent être soumises pour un seul lot",
    "F17_DIV_INTO_LOT_YES": "Division en lots : oui",
    "DIV_INTO_LOT_NO": "Division en lots : non",
    "ACCEPTED_VARIANTS": "Des variantes seront prises en considération : oui",
    "NO_ACCEPTED_VARIANTS": "Des variantes seront prises en considération : non",
    "OPTIONS": "Options : oui",
    "NO_OPTIONS": "Options : non",
    "RENEWAL": "Ce marché peut faire l'objet d'une reconduction : oui",
    "NO_RENEWAL": "Ce marché peut faire l'objet d'une reconduction : non",
    "EU_PROGR_RELATED": "Le contrat s'inscrit dans un projet/programme financé par des fonds "
    "de l'Union européenne : oui",
    "NO_EU_PROGR_RELATED": "Le contrat s'inscrit dans un projet/programme financé par des fonds "
    "de l'Union européenne : non",
    "ECATALOGUE_REQUIRED": "Les offres doivent être présentées sous la forme de catalogues "
    "électroniques ou inclure un catalogue électronique",
    "RESTRICTED_SHELTERED_WORKSHOP": "III.1.5) Informations sur les marchés réservés\n"
    "Marché réservé à des ateliers protégés et à des opérateurs économiques qui ont pour "
    "objectif l'intégration sociale et professionnelle de personnes handicapées ou défavorisées",
    "RESTRICTED_SHELTERED_PROGRAM": "III.1.5) Informations sur les marchés réservés\n"
    "Exécution du marché réservée dans le cadre de programmes d'emplois protégés",
    "PERFORMANCE_STAFF_QUALIFICATION": "Obligation d'indiquer les noms et qualifications "
    "professionnelles des membres du personnel chargés de l'exécution du marché",
    "PARTICULAR_PROFESSION": "La prestation est réservée à une profession particulière",
    "FRAMEWORK": "IV.1.3) Informations sur l'accord-cadre ou le système d'acquisition dynamique\n"
    "Le marché implique la mise en place d'un accord-cadre",
    "SINGLE_OPERATOR": "Accord-cadre avec un seul opérateur",
    "SEVERAL_OPERATORS": "Accord-cadre avec plusieurs opérateurs",
    "DPS": "Le marché implique la mise en place d'un système d'acquisition dynamique",
    "EAUCTION_USED": "IV.1.6) Une enchère électronique sera effectuée",
    "CONTRACT_COVERED_GPA": "IV.1.8) Le marché est couvert par l'accord sur les marchés "
    "publics : oui",
    "NO_CONTRACT_COVERED_GPA": "IV.1.8) Le marché est couvert par l'accord sur les marchés "
    "publics : non",
    "PT_OPEN": "Procédure ouverte",
    "PT_RESTRICTED": "Procédure restreinte",
    "PT_COMPETITIVE_NEGOTIATION": "Procédure concurrentielle avec négociation",
    "PT_COMPETITIVE_DIALOGUE": "Dialogue compétitif",
    "PT_INNOVATION_PARTNERSHIP": "Partenariat d'innovation",
    "PT_NEGOTIATED_WITH_PRIOR_CALL": "Procédure négociée avec mise en concurrence préalable",
    "PT_INVOLVING_NEGOTIATION": "Procédure impliquant des négociations",
    "PT_NEGOTIATED_CHOICE": "Procédure négociée",
    "PT_NEGOTIATED_WITHOUT_PUBLICATION": "Procédure négociée sans publication préalable",
    "PT_AWARD_CONTRACT_WITH_PRIOR_PUBLICATION": "Attribution avec publication préalable d'un avis",
    "PT_AWARD_CONTRACT_WITHOUT_CALL": "Attribution d'un marché sans mise en concurrence "
    "préalable",
    "PT_AWARD_CONTRACT_WITHOUT_PUBLICATION": "Attribution sans publication préalable d'un avis",
    "PT_COMPETITIVE_TENDERING": "Procédure de mise en concurrence",
    "D_OUTSIDE_SCOPE": "Le marché n'entre pas dans le champ d'application de la directive",
    "D_NO_TENDERS_REQUESTS": "Aucune offre, aucune offre appropriée, aucune demande de "
    "participation ou aucune demande de participation appropriée n'a été déposée en réponse à "
    "une procédure antérieure",
    "D_PURE_RESEARCH": "Les produits concernés sont fabriqués uniquement à des fins de "
    "recherche, d'expérimentation, d'étude ou de développement",
    "D_TECHNICAL": "Les travaux, fournitures ou services ne peuvent être fournis que par un "
    "opérateur économique déterminé : absence de concurrence pour des raisons techniques",
    "D_ARTISTIC": "Les travaux, fournitures ou services ne peuvent être fournis que par un "
    "opérateur économique déterminé : création ou acquisition d'une œuvre d'art",
    "D_PROTECT_RIGHTS": "Les travaux, fournitures ou services ne peuvent être fournis que par "
    "un opérateur économique déterminé : protection de droits d'exclusivité",
    "D_EXCLUSIVE_RIGHT": "Les travaux, fournitures ou services ne peuvent être fournis que par "
    "un opérateur économique déterminé : droit d'exclusivité",
    "D_EXTREME_URGENCY": "Urgence impérieuse résultant d'événements imprévisibles pour le "
    "pouvoir adjudicateur",
    "D_ADD_DELIVERIES_ORDERED": "Livraisons complémentaires commandées",
    "D_REPETITION_EXISTING": "Nouveaux travaux ou services consistant en la répétition de "
    "travaux ou services existants",
    "D_CONTRACT_AWARDED_DESIGN_CONTEST": "Marché attribué à la suite d'un concours",
    "D_FROM_WINDING_PROVIDER": "Achat à des conditions particulièrement avantageuses auprès "
    "d'un fournisseur en cessation définitive d'activité",
    "D_SERVICES_LISTED": "Services énumérés aux annexes de la directive",
    "D_PROC_RESTRICTED": "Aucune offre appropriée en réponse à une procédure restreinte",
    "AWARDED_CONTRACT": "Un marché/lot est attribué : oui\nV.2) Attribution du marché",
    "NO_AWARDED_CONTRACT": "Un marché/lot est attribué : non",
    "PROCUREMENT_UNSUCCESSFUL": "Aucune offre ou demande de participation n'a été reçue ou "
    "toutes ont été rejetées",
    "PROCUREMENT_DISCONTINUED": "Autres raisons (interruption de la procédure)",
    "AWARDED_TO_GROUP": "Le marché a été attribué à un groupement d'opérateurs économiques : oui",
    "NO_AWARDED_TO_GROUP": "Le marché a été attribué à un groupement d'opérateurs "
    "économiques : non",
    "SME": "Le titulaire est une PME : oui",
    "NO_SME": "Le titulaire est une PME : non",
    "LIKELY_SUBCONTRACTED": "Le marché est susceptible d'être sous-traité",
    "RECURRENT_PROCUREMENT": "VI.2) Il s'agit d'un marché renouvelable : oui",
    "NO_RECURRENT_PROCUREMENT": "VI.2) Il s'agit d'un marché renouvelable : non",
    "EORDERING": "La commande en ligne sera utilisée",
    "EINVOICING": "La facturation en ligne sera acceptée",
    "EPAYMENT": "Le paiement en ligne sera utilisé",
    "DOCUMENT_FULL": "Les documents du marché sont disponibles gratuitement en accès direct "
    "non restreint et complet",
    "DOCUMENT_RESTRICTED": "L'accès aux documents du marché est restreint",
    "ADDRESS_FURTHER_INFO_IDEM": "Des informations complémentaires peuvent être obtenues à "
    "l'adresse susmentionnée",
    "ADDRESS_PARTICIPATION_IDEM": "Les offres ou les demandes de participation doivent être "
    "envoyées à l'adresse susmentionnée",
    "JOINT_PROCUREMENT_INVOLVED": "Le marché implique une procédure conjointe",
    "CENTRAL_PURCHASING": "Le marché est attribué par une centrale d'achat",
    "AC_PROCUREMENT_DOC": "Le prix n'est pas le seul critère d'attribution et tous les critères "
    "sont énoncés uniquement dans les documents du marché",
    "ECONOMIC_CRITERIA_DOC": "Critères de sélection tels que mentionnés dans les documents de "
    "la consultation",
    "TECHNICAL_CRITERIA_DOC": "Critères de sélection tels que mentionnés dans les documents de "
    "la consultation",
    "TERMINATION_PIN": "Le présent avis met fin à l'appel à la concurrence en continu",
    "INDEFINITE_DURATION": "Durée indéterminée",
    "DECISION_BINDING_CONTRACTING": "La décision du jury est contraignante : oui",
    "NO_DECISION_BINDING_CONTRACTING": "La décision du jury est contraignante : non",
    "PRIZE_AWARDED": "Des primes seront attribuées : oui",
    "NO_PRIZE_AWARDED": "Des primes seront attribuées : non",
    "FOLLOW_UP_CONTRACTS": "Les marchés de services consécutifs au concours seront attribués "
    "au(x) lauréat(s) : oui",
    "NO_FOLLOW_UP_CONTRACTS": "Les marchés de services consécutifs au concours seront "
    "attribués au(x) lauréat(s) : non",
    "CRITERIA_STATED_IN_OTHER_DOCUMENT": "Critères énoncés dans le cahier des charges, "
    "l'invitation à soumissionner ou le document descriptif",
    "NO_USE_ELECTRONIC_AUCTION": "Une enchère électronique sera effectuée : non",
    "REDUCTION_RECOURSE": "Recours à une procédure se déroulant en phases successives",
    "RIGHT_CONTRACT_INITIAL_TENDERS": "Le pouvoir adjudicateur se réserve le droit d'attribuer "
    "le marché sur la base des offres initiales sans mener de négociations",
    "AWARDED_PRIZE": "Une prime a été attribuée : oui",
    "NO_AWARDED_PRIZE": "Une prime a été attribuée : non",
}

# Containers printed as a heading line before their content.
HEADINGS: dict[str, str] = {
    "ADDRESS_CONTRACTING_BODY": "I.1) Nom et adresses",
    "ADDRESS_CONTRACTING_BODY_ADDITIONAL": "I.1) Nom et adresses (autre acheteur)",
    "ADDRESS_FURTHER_INFO": "I.3) Adresse à laquelle des informations complémentaires peuvent "
    "être obtenues",
    "ADDRESS_PARTICIPATION": "I.3) Les offres ou les demandes de participation doivent être "
    "envoyées à l'adresse suivante",
    "CPV_MAIN": "Code CPV principal",
    "OBJECT_CONTRACT/CPV_MAIN": "II.1.2) Code CPV principal",
    "CPV_ADDITIONAL": "II.2.2) Code(s) CPV additionnel(s)",
    "OBJECT_DESCR": "II.2) Description",
    "AC": "II.2.5) Critères d'attribution",
    "VAL_OBJECT": "II.2.6) Valeur estimée",
    "VAL_ESTIMATED_TOTAL": "II.1.5) Valeur totale estimée",
    "OBJECT_CONTRACT/VAL_TOTAL": "II.1.7) Valeur totale du marché (hors TVA)",
    "OBJECT_CONTRACT/VAL_RANGE_TOTAL": "II.1.7) Valeur totale du marché (hors TVA)",
    "OBJECT_DESCR/DURATION": "II.2.7) Durée du marché, de l'accord-cadre ou du système "
    "d'acquisition dynamique",
    "TENDERS": "V.2.2) Informations sur les offres",
    "CONTRACTOR": "V.2.3) Nom et adresse du titulaire",
    "AWARDED_CONTRACT/VALUES": "V.2.4) Informations sur le montant du marché/du lot (hors TVA)",
    "ADDRESS_REVIEW_BODY": "VI.4.1) Instance chargée des procédures de recours",
    "ADDRESS_MEDIATION_BODY": "VI.4.2) Organe chargé des procédures de médiation",
    "ADDRESS_REVIEW_INFO": "VI.4.4) Service auprès duquel des renseignements peuvent être "
    "obtenus concernant l'introduction de recours",
    "OPENING_CONDITION": "IV.2.7) Modalités d'ouverture des offres",
    "LANGUAGES": "IV.2.4) Langue(s) pouvant être utilisée(s) dans l'offre ou la demande de "
    "participation",
    "CHANGE": "VII.1.2) Texte à rectifier dans l'avis original",
    "DESCRIPTION_PROCUREMENT": "VII.1) Description du marché après les modifications",
    "INFO_MODIFICATIONS": "VII.2) Informations sur les modifications",
    "WINNER": "Nom et adresse du ou des lauréats",
    "PARTICIPANTS": "Nombre de participants envisagés",
    "F17_ANNEX_B": "Informations sur les lots",
}

# Elements holding a value (text, P paragraphs, a date...) printed after their label.
FIELDS: dict[str, str] = {
    "OFFICIALNAME": "Nom officiel",
    "NATIONALID": "Numéro national d'identification",
    "ADDRESS": "Adresse postale",
    "TOWN": "Ville",
    "POSTAL_CODE": "Code postal",
    "COUNTRY": "Pays",
    "CONTACT_POINT": "Point(s) de contact",
    "ATTENTION": "À l'attention de",
    "PHONE": "Téléphone",
    "E_MAIL": "Courriel",
    "FAX": "Fax",
    "URL_GENERAL": "Adresse principale",
    "URL_BUYER": "Adresse du profil d'acheteur",
    "URL": "Adresse internet",
    "URL_DOCUMENT": "Adresse des documents du marché",
    "URL_PARTICIPATION": "Adresse de soumission électronique",
    "URL_TOOL": "Outils et dispositifs non généralement disponibles",
    "URL_NATIONAL_PROCEDURE": "Adresse de la procédure nationale",
    "NUTS": "Code NUTS",
    "CA_TYPE": "I.4) Type de pouvoir adjudicateur",
    "CA_TYPE_OTHER": "I.4) Type de pouvoir adjudicateur",
    "CA_ACTIVITY": "I.5) Activité principale",
    "CA_ACTIVITY_OTHER": "I.5) Activité principale",
    "CE_ACTIVITY": "I.6) Activité principale",
    "CE_ACTIVITY_OTHER": "I.6) Activité principale",
    "OBJECT_CONTRACT/TITLE": "II.1.1) Intitulé",
    "OBJECT_DESCR/TITLE": "II.2.1) Intitulé",
    "TITLE": "Intitulé",
    "TITLE_CONTRACT": "Intitulé attribué au marché",
    "REFERENCE_NUMBER": "Numéro de référence",
    "FILE_REFERENCE_NUMBER": "Numéro de référence du dossier",
    "TYPE_CONTRACT": "II.1.3) Type de marché",
    "OBJECT_CONTRACT/SHORT_DESCR": "II.1.4) Description succincte",
    "OBJECT_DESCR/SHORT_DESCR": "II.2.4) Description des prestations",
    "INFO_MODIFICATIONS/SHORT_DESCR": "VII.2.1) Description des modifications",
    "SHORT_DESCR": "Description succincte",
    "SHORT_CONTRACT_DESCRIPTION": "Description succincte du marché",
    "LOT_DESCRIPTION": "Description succincte",
    "LOT_NO": "Lot nº",
    "LOT_NUMBER": "Lot nº",
    "LOT_TITLE": "Intitulé",
    "CONTRACT_NO": "Marché nº",
    "LOT_MAX_NUMBER": "Nombre maximal de lots",
    "LOT_MAX_ONE_TENDERER": "Nombre maximal de lots qui peuvent être attribués à un "
    "soumissionnaire",
    "LOT_COMBINING_CONTRACT_RIGHT": "Le pouvoir adjudicateur se réserve le droit d'attribuer "
    "des marchés regroupant les lots ou groupes de lots suivants",
    "MAIN_SITE": "II.2.3) Lieu principal d'exécution",
    "LOCATION": "Lieu d'exécution",
    "AC_CRITERION": "Critère",
    "AC_WEIGHTING": "Pondération",
    "DURATION": "Durée",
    "DATE_START": "Début",
    "DATE_END": "Fin",
    "RENEWAL_DESCR": "Description des modalités ou du calendrier des reconductions",
    "OPTIONS_DESCR": "Description des options",
    "EU_PROGR_RELATED": "Identification du projet",
    "OBJECT_DESCR/INFO_ADD": "II.2.14) Informations complémentaires",
    "COMPLEMENTARY_INFO/INFO_ADD": "VI.3) Informations complémentaires",
    "CHANGES/INFO_ADD": "VII.2) Autres informations complémentaires",
    "OPENING_CONDITION/INFO_ADD": "Informations sur les personnes autorisées et les modalités "
    "d'ouverture",
    "INFO_ADD": "Informations complémentaires",
    "NB_ENVISAGED_CANDIDATE": "Nombre envisagé de candidats",
    "NB_MIN_LIMIT_CANDIDATE": "Nombre minimal envisagé",
    "NB_MAX_LIMIT_CANDIDATE": "Nombre maximal",
    "CRITERIA_CANDIDATE": "Critères objectifs de limitation du nombre de candidats",
    "SUITABILITY": "III.1.1) Habilitation à exercer l'activité professionnelle, y compris "
    "exigences relatives à l'inscription au registre du commerce ou de la profession",
    "ECONOMIC_FINANCIAL_INFO": "III.1.2) Capacité économique et financière – critères de "
    "sélection",
    "ECONOMIC_FINANCIAL_MIN_LEVEL": "Niveau(x) spécifique(s) minimal(aux) exigé(s)",
    "TECHNICAL_PROFESSIONAL_INFO": "III.1.3) Capacité technique et professionnelle – critères "
    "de sélection",
    "TECHNICAL_PROFESSIONAL_MIN_LEVEL": "Niveau(x) spécifique(s) minimal(aux) exigé(s)",
    "RULES_CRITERIA": "III.1.9) Règles et critères objectifs de participation",
    "CRITERIA_SELECTION": "Critères de sélection",
    "QUALIFICATION": "Conditions de qualification",
    "CONDITIONS": "Conditions à remplir",
    "METHODS": "Méthodes de vérification",
    "DEPOSIT_GUARANTEE_REQUIRED": "III.1.6) Cautionnement et garanties exigés",
    "MAIN_FINANCING_CONDITION": "III.1.7) Modalités essentielles de financement et de paiement "
    "et/ou références aux textes qui les réglementent",
    "LEGAL_FORM": "III.1.8) Forme juridique que devra revêtir le groupement d'opérateurs "
    "économiques attributaire du marché",
    "PERFORMANCE_CONDITIONS": "III.2.2) Conditions d'exécution du marché",
    "REFERENCE_TO_LAW": "Citation des dispositions législatives, réglementaires ou "
    "administratives applicables",
    "NB_PARTICIPANTS": "Nombre maximal de participants à l'accord-cadre envisagé",
    "JUSTIFICATION": "Justification d'une durée de l'accord-cadre dépassant quatre ans",
    "ACCELERATED_PROC": "Procédure accélérée – justification",
    "D_JUSTIFICATION": "Explication",
    "MAIN_FEATURES_AWARD": "Caractéristiques principales de la procédure d'attribution",
    "NOTICE_NUMBER_OJ": "IV.2.1) Publication antérieure relative à la présente procédure – "
    "numéro de l'avis au JO série S",
    "DATE_RECEIPT_TENDERS": "IV.2.2) Date limite de réception des offres ou des demandes de "
    "participation",
    "TIME_RECEIPT_TENDERS": "Heure locale",
    "DATE_DISPATCH_INVITATIONS": "IV.2.3) Date d'envoi des invitations à soumissionner ou à "
    "participer aux candidats sélectionnés",
    "LANGUAGE": "Langue",
    "DATE_TENDER_VALID": "IV.2.6) L'offre doit être valable jusqu'au",
    "DURATION_TENDER_VALID": "IV.2.6) Délai minimal pendant lequel le soumissionnaire est tenu "
    "de maintenir son offre (en mois)",
    "DATE_OPENING_TENDERS": "Date",
    "TIME_OPENING_TENDERS": "Heure locale",
    "PLACE": "Lieu",
    "DATE_CONCLUSION_CONTRACT": "V.2.1) Date de conclusion du marché",
    "NB_TENDERS_RECEIVED": "Nombre d'offres reçues",
    "NB_TENDERS_RECEIVED_SME": "Nombre d'offres reçues de la part de PME",
    "NB_TENDERS_RECEIVED_OTHER_EU": "Nombre d'offres reçues de la part de soumissionnaires "
    "d'autres États membres de l'UE",
    "NB_TENDERS_RECEIVED_NON_EU": "Nombre d'offres reçues de la part de soumissionnaires d'États "
    "non membres de l'UE",
    "NB_TENDERS_RECEIVED_EMEANS": "Nombre d'offres reçues par voie électronique",
    "NB_PARTICIPANTS_SME": "Nombre de participants qui sont des PME",
    "NB_PARTICIPANTS_OTHER_EU": "Nombre de participants étrangers",
    "VAL_TOTAL": "Valeur totale du marché/du lot",
    "VAL_RANGE_TOTAL": "Valeur totale du marché/du lot",
    "VAL_ESTIMATED_TOTAL": "Valeur totale estimée",
    "VAL_REVENUE": "Recettes provenant du paiement de redevances et d'amendes par les usagers",
    "VAL_PRICE_PAYMENT": "Prix, paiements ou autres avantages financiers",
    "VAL_SUBCONTRACTING": "Valeur hors TVA de la sous-traitance",
    "PCT_SUBCONTRACTING": "Proportion de la sous-traitance (%)",
    "INFO_ADD_SUBCONTRACTING": "Brève description de la partie du marché sous-traitée",
    "VAL_PRIZE": "Valeur de la prime",
    "NUMBER_VALUE_PRIZE": "Nombre et valeur des primes",
    "DETAILS_PAYMENT": "Détails des paiements à verser à tous les participants",
    "CRITERIA_EVALUATION": "Critères d'évaluation des projets",
    "MEMBER_NAME": "Nom des membres du jury",
    "PARTICIPANT_NAME": "Nom des participants déjà sélectionnés",
    "DATE_DECISION_JURY": "Date de la décision du jury",
    "NB_MIN_PARTICIPANTS": "Nombre minimal",
    "NB_MAX_PARTICIPANTS": "Nombre maximal",
    "NB_PARTICIPANTS_OTHER": "Nombre de participants",
    "REVIEW_PROCEDURE": "VI.4.3) Introduction de recours – précisions concernant les délais",
    "ESTIMATED_TIMING": "VI.2) Calendrier prévisionnel de publication des prochains avis",
    "DATE_DISPATCH_NOTICE": "VI.5) Date d'envoi du présent avis",
    "DATE_PUBLICATION_NOTICE": "Date de publication de l'avis",
    "NOTICE_DISPATCH_DATE": "Date d'envoi de l'avis original",
    "SECTION": "Numéro de section",
    "LABEL": "Endroit où se trouve le texte à modifier",
    "OLD_VALUE": "Au lieu de",
    "NEW_VALUE": "Lire",
    "ADDITIONAL_NEED": "VII.2.2) Motifs de la modification – besoin de travaux, services ou "
    "fournitures supplémentaires",
    "UNFORESEEN_CIRCUMSTANCE": "VII.2.2) Motifs de la modification – circonstances "
    "imprévisibles",
    "VAL_TOTAL_BEFORE": "Valeur totale du marché avant les modifications",
    "VAL_TOTAL_AFTER": "Valeur totale du marché après les modifications",
    "CALCULATION_METHOD": "Méthode de calcul de la valeur estimée",
    "DATE_AWARD_SCHEDULED": "Date prévue pour le début des procédures d'attribution",
    "OPE_OBJECTIVE_CRITERIA": "Critères objectifs de participation",
    "NB_PARTICIPANTS_ENVISAGED": "Nombre de participants envisagés",
}

VALUE_LABELS: dict[str, str] = {
    # CA_TYPE
    "MINISTRY": "Ministère ou toute autre autorité nationale ou fédérale",
    "NATIONAL_AGENCY": "Agence/office national(e) ou fédéral(e)",
    "REGIONAL_AUTHORITY": "Autorité régionale ou locale",
    "REGIONAL_AGENCY": "Agence/office régional(e) ou local(e)",
    "BODY_PUBLIC": "Organisme de droit public",
    "EU_INSTITUTION": "Institution/agence européenne ou organisation internationale",
    # CA_ACTIVITY / CE_ACTIVITY
    "GENERAL_PUBLIC_SERVICES": "Services généraux des administrations publiques",
    "DEFENCE": "Défense",
    "PUBLIC_ORDER_AND_SAFETY": "Ordre et sécurité publics",
    "ENVIRONMENT": "Environnement",
    "ECONOMIC_AND_FINANCIAL_AFFAIRS": "Affaires économiques et financières",
    "HEALTH": "Santé",
    "HOUSING_AND_COMMUNITY_AMENITIES": "Logement et équipements collectifs",
    "SOCIAL_PROTECTION": "Protection sociale",
    "RECREATION_CULTURE_AND_RELIGION": "Loisirs, culture et religion",
    "EDUCATION": "Éducation",
    "ELECTRICITY": "Électricité",
    "WATER": "Eau",
    "URBAN_RAILWAY_TRAMWAY_TROLLEYBUS_BUS_SERVICES": "Services de chemin de fer urbain, de "
    "tramway, de trolleybus ou d'autobus",
    "RAILWAY_SERVICES": "Services de chemin de fer",
    "PORT_RELATED_ACTIVITIES": "Activités portuaires",
    "AIRPORT_RELATED_ACTIVITIES": "Activités aéroportuaires",
    "POSTAL_SERVICES": "Services postaux",
    "PRODUCTION_TRANSPORT_DISTRIBUTION_GAS_HEAT": "Production, transport et distribution de gaz "
    "et de chaleur",
    # TYPE_CONTRACT
    "WORKS": "Travaux",
    "SUPPLIES": "Fournitures",
    "SERVICES": "Services",
}

# Administrative or duplicated parts that a reader of the notice does not see.
SKIP: frozenset[str] = frozenset({"LEGAL_BASIS", "NOTICE_UUID", "LEGAL_BASIS_OTHER"})

RESERVED_SERVICE_MISSION_2014_24 = (
    "III.1.5) Informations sur les marchés réservés\n"
    "Participation réservée aux organisations qui ont une mission de service public et "
    "remplissent les conditions fixées à l'article 77 de la directive 2014/24/UE"
)
RESERVED_SERVICE_MISSION_2014_25 = (
    "III.1.5) Informations sur les marchés réservés\n"
    "Participation réservée aux organisations qui ont une mission de service public et "
    "remplissent les conditions fixées à l'article 94 de la directive 2014/25/UE"
)
