"""One raw DECP record (2024 or 2019 schema, nested or flat, or a six-column extract) in, one
normalised Contract out. Pure: no file, no database."""
from __future__ import annotations

from decp import values as v
from decp.model import Contract, RecordError
from decp.places import departement_of_postcode, locate, region_of


def unflatten(record: dict) -> dict:
    """{"acheteur.id": x} -> {"acheteur": {"id": x}}; flat aliases (vocabulary.yml) renamed;
    empty strings (CSV cells) dropped."""
    aliases = v.vocabulary()["aliases"]
    out: dict = {}
    for key, value in record.items():
        if value == "" or key is None:
            continue
        key = aliases.get(key.strip(), key.strip())
        if "." in key:
            head, _, tail = key.partition(".")
            target = out.setdefault(head, {})
            if isinstance(target, dict):
                target.setdefault(tail, value)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def _is_concession(record: dict) -> bool:
    kind = v.text_value(record.get("_type")) or v.text_value(record.get("nature")) or ""
    kind = kind.lower()
    return "autoriteConcedante" in record or "concession" in kind or "délégation de service public" in kind


def _format(record: dict) -> str:
    if "considerationsSociales" in record or "considerationsEnvironnementales" in record:
        return "2024"
    if not ({"nature", "procedure", "codeCPV", "lieuExecution"} & record.keys()):
        return "minimal"
    holders = record.get("titulaires")
    if isinstance(holders, list) and holders and isinstance(holders[0], dict) and "titulaire" in holders[0]:
        return "2024"
    return "2019"


def _holder_ids(value) -> list[str]:
    ids = []
    for member in v.items(value, "titulaire"):
        if isinstance(member, dict):
            member = member.get("concessionnaire", member)
            if isinstance(member, dict) and (hid := v.text_value(member.get("id"))):
                ids.append(hid)
    return list(dict.fromkeys(ids))


def _ordered_modifications(record: dict) -> list[dict]:
    found = [m.get("modification", m) if isinstance(m, dict) else None
             for m in v.items(record.get("modifications"), "modification")]
    found = [m for m in found if isinstance(m, dict) and m]
    ids = [v.number(m.get("id")) for m in found]
    if found and all(i is not None for i in ids):
        order = sorted(range(len(found)), key=lambda i: (ids[i], i))
        found = [found[i] for i in order]
    return found


def normalise(raw: dict) -> Contract:
    """The contract of a raw record; RecordError (French message) when it has no buyer id or no
    contract id. Modifications apply in order: each new `montant`, `dureeMois` and `titulaires`
    replaces the previous one (schema 2.0, "Modification"); the initial amount is kept apart."""
    if not isinstance(raw, dict):
        raise RecordError("l'enregistrement n'est pas un objet JSON.")
    record = unflatten(raw)
    concession = _is_concession(record)
    buyer = record.get("autoriteConcedante" if concession and "autoriteConcedante" in record else "acheteur")
    buyer = buyer if isinstance(buyer, dict) else {"id": buyer}
    buyer_id = (v.text_value(buyer.get("id")) or "").replace(" ", "")
    contract_id = v.text_value(record.get("id"))
    if not buyer_id:
        raise RecordError("identifiant de l'acheteur (acheteur.id) absent.")
    if not contract_id:
        raise RecordError("identifiant du marché (id) absent.")
    notified, date_flag = v.date_value(record.get("dateSignature" if concession and "dateNotification" not in record
                                                  else "dateNotification"))
    amount = v.number(record.get("valeurGlobale" if concession and "montant" not in record else "montant"))
    duration = v.number(record.get("dureeMois"))
    holders = _holder_ids(record.get("concessionnaires" if concession else "titulaires"))
    current = amount
    modifications = _ordered_modifications(record)
    for change in modifications:
        current = v.number(change.get("montant")) if change.get("montant") is not None else current
        duration = v.number(change.get("dureeMois")) if change.get("dureeMois") is not None else duration
        holders = _holder_ids(change.get("titulaires")) or holders
    place = record.get("lieuExecution") if isinstance(record.get("lieuExecution"), dict) else {}
    place_type, place_code = v.text_value(place.get("typeCode")), v.text_value(place.get("code"))
    departement, region = locate(place_type, place_code)
    postcode = v.text_value(buyer.get("codePostal"))
    place_from = "execution" if (departement or region) else None
    if place_from is None and postcode and (departement := departement_of_postcode(postcode)):
        region, place_from = region_of(departement), "buyer"
    social, social_kinds = v.considerations(record.get("considerationsSociales"), "social")
    environmental, env_kinds = v.considerations(record.get("considerationsEnvironnementales"), "environmental")
    return Contract(
        buyer_id=buyer_id, contract_id=contract_id, kind="concession" if concession else "marche",
        format=_format(record), nature=v.text_value(record.get("nature")), object=v.text_value(record.get("objet")),
        cpv=v.cpv_code(record.get("codeCPV")), procedure=v.procedure_name(record.get("procedure")),
        notified=notified, date_flag=date_flag, amount=amount, amount_flag=v.amount_flag(amount),
        amount_current=current, duration_months=duration, place_type=place_type, place_code=place_code,
        departement=departement, region=region, place_from=place_from, buyer_name=v.text_value(buyer.get("nom")),
        buyer_postcode=postcode, social=social, environmental=environmental, social_kinds=social_kinds,
        environmental_kinds=env_kinds, modifications=len(modifications), holders=tuple(holders))
