"""Dates in French tender text, and the deadline a text reader fills in."""
from datetime import date

from tenders.dates import find_deadline, parse_date
from tenders.reader import read_files


def test_parse_french_dates():
    assert parse_date("le 1er mars 2027 à midi") == date(2027, 3, 1)
    assert parse_date("14 septembre 2020 - 16:00") == date(2020, 9, 14)
    assert parse_date("31/08/2020 à 14h00") == date(2020, 8, 31)
    assert parse_date("2026-12-01") == date(2026, 12, 1)
    assert parse_date("réf. 31/02/2020") is None  # not a date
    assert parse_date("aucune date") is None


def test_deadline_on_the_label_line_or_just_after():
    assert find_deadline("Date limite de réception des offres : 05/01/2027") == date(2027, 1, 5)
    text = "IV.2.2) Date limite de réception des offres\n 9 février 2027 - 12:00\nIV.2.3) Autre"
    assert find_deadline(text) == date(2027, 2, 9)
    assert find_deadline("Publié le 03/01/2027.\nObjet : chaises") is None


def test_text_tender_gets_its_deadline():
    tender = read_files([("rc.txt", "Objet : achat de chaises\nDate limite de remise des plis : 12/03/2027\n".encode())],
                        "rc.txt")
    assert tender.deadline == "2027-03-12"
