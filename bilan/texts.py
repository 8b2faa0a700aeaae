"""The short text of each section of the report, written from its figures. Pure."""
from __future__ import annotations

from bilan.numbers import eur, num, pct, points

KIND_LABELS = {"social": {"clause": "clause sociale", "criterion": "critère social", "reserved": "marché réservé",
                          "other": "autre valeur"},
               "environmental": {"clause": "clause environnementale", "criterion": "critère environnemental",
                                 "other": "autre valeur"}}
FAMILY_LABELS = {"social": "sociale", "environmental": "environnementale"}


def _plural(n: int, one: str, many: str) -> str:
    return f"{num(n)} {one if n == 1 else many}"


def summary(r: dict) -> str:
    if not r["contracts"]:
        return (f"Aucun marché notifié en {r['year']} n'est enregistré pour ce périmètre dans les données "
                "essentielles importées.")
    text = (f"En {r['year']}, {_plural(r['contracts'], 'marché notifié', 'marchés notifiés')} pour ce périmètre "
            f"figurent dans les données essentielles, pour {eur(r['amount_ht'])} HT de montant initial.")
    social, env = r["social"], r["environmental"]
    if social["declared"]:
        text += (f" {pct(social['share_count'])} déclarent au moins une considération sociale "
                 f"({pct(social['share_amount'])} du montant) et {pct(env['share_count'])} une considération "
                 f"environnementale ({pct(env['share_amount'])} du montant).")
    else:
        text += " Aucun de ces enregistrements ne renseigne les considérations sociales ou environnementales (format 2019)."
    return text


def family(r: dict, name: str) -> str:
    block = r[name]
    if not block["declared"]:
        return "Champ non renseigné dans les enregistrements de l'année : aucune part ne peut être calculée."
    kinds = [f"{KIND_LABELS[name][k]} : {num(v['count'])}" for k, v in block["by_kind"].items() if v["count"]]
    text = (f"{_plural(block['count'], 'marché', 'marchés')} sur {num(r['contracts'])} déclarent une considération "
            f"{FAMILY_LABELS[name]}, soit {pct(block['share_count'])} en nombre et {pct(block['share_amount'])} en montant.")
    if kinds:
        text += " Par type (un marché peut en déclarer plusieurs) : " + " ; ".join(kinds) + "."
    if block["undeclared"]:
        text += (f" {_plural(block['undeclared'], 'marché ne renseigne', 'marchés ne renseignent')} pas ce champ "
                 f"(format 2019) : parmi ceux qui le renseignent, la part est de {pct(block['share_count_declared'])}.")
    return text


def _about_first(rows: list[dict], sentence) -> str:
    """The sentence about the first row of a breakdown, or nothing when it is empty."""
    return sentence(rows[0]) if rows else ""


def procedures(r: dict) -> str:
    return _about_first(r["by_procedure"], lambda top: (
        f"La procédure la plus fréquente est « {top['procedure']} » ({_plural(top['contracts'], 'marché', 'marchés')}, "
        f"{pct(top['social']['share_count'])} avec une considération sociale)."))


def divisions(r: dict) -> str:
    return _about_first([row for row in r["by_cpv_division"] if row["division"]], lambda top: (
        f"En montant, la première division CPV est {top['division']} — {top['label']} "
        f"({eur(top['amount_ht'])}, {_plural(top['contracts'], 'marché', 'marchés')})."))


def sizes(r: dict) -> str:
    small = sum(row["contracts"] for row in r["by_size"] if 0 <= row["band"] <= 1)
    if not r["contracts"]:
        return ""
    return (f"{pct(small / r['contracts'])} des marchés ont un montant initial inférieur à 90 k€ ; la part de "
            "considérations sociales selon la taille se lit dans le tableau.")


def years(r: dict) -> str:
    rows = [row for row in r["years"] if row["contracts"]]
    if len(rows) < 2:
        return "Une seule année de données pour ce périmètre : pas d'évolution à montrer."
    last, before = rows[-1], rows[-2]
    social_gap = (None if last["social"]["share_count"] is None or before["social"]["share_count"] is None
                  else last["social"]["share_count"] - before["social"]["share_count"])
    return (f"De {before['year']} à {last['year']}, le nombre de marchés passe de {num(before['contracts'])} à "
            f"{num(last['contracts'])} ; la part avec une considération sociale évolue de {points(social_gap)}.")


def targets(r: dict) -> str:
    parts = []
    for t in r["targets"]:
        if t["value"] is None:
            continue
        state = "atteint" if t["reached"] else f"à {num(-t['gap'] * 100, 1)} points de l'objectif"
        parts.append(f"{FAMILY_LABELS[t['family']]} : {pct(t['value'])} pour {pct(t['share'], 0)} visés en {t['by']} ({state})")
    if not parts:
        return "Les parts ne pouvant être calculées, la comparaison aux objectifs nationaux est impossible."
    return "Objectifs du PNAD 2022-2025 — " + " ; ".join(parts) + "."


def documents(d: dict) -> str:
    if not d["tenders_considered"]:
        return ("Aucune consultation des acheteurs de ce périmètre n'a été analysée par l'outil (ou aucune organisation "
                "n'est rattachée à leurs SIRET) : ce que les DECP ne disent pas reste inconnu.")
    text = (f"{_plural(d['tenders_considered'], 'consultation analysée', 'consultations analysées')} des acheteurs du "
            f"périmètre ; {_plural(d['matched_contracts'], 'marché rapproché', 'marchés rapprochés')} (sur "
            f"{num(d['contracts_considered'])} marchés de ces acheteurs) de "
            f"{_plural(d['matched_tenders'], 'consultation', 'consultations')}.")
    if d["insertion_hours"]["tenders"]:
        text += f" Heures d'insertion prévues dans les pièces : au moins {num(d['insertion_hours']['total'])}."
    if d["disagreements"]:
        text += (f" {_plural(len(d['disagreements']), 'désaccord', 'désaccords')} entre la déclaration DECP et les "
                 "pièces, à vérifier.")
    return text


def quality(q: dict) -> str:
    flagged = sum(q["amount_flags"].values())
    undated = sum(q["undated"].values())
    return (f"{_plural(flagged, 'montant écarté', 'montants écartés')} des sommes (absent, 0 ou 1 €, négatif ou "
            f"invraisemblable) ; {_plural(undated, 'marché', 'marchés')} du périmètre sans date de notification "
            f"exploitable, toutes années confondues ; {_plural(q['concessions'], 'concession', 'concessions')} hors "
            "indicateurs.")


def all_texts(r: dict) -> dict[str, str]:
    return {"summary": summary(r), "social": family(r, "social"), "environmental": family(r, "environmental"),
            "by_procedure": procedures(r), "by_cpv_division": divisions(r), "by_size": sizes(r),
            "years": years(r), "targets": targets(r), "documents": documents(r["documents"]),
            "data_quality": quality(r["data_quality"])}
