"""Dates in French tender text, and the deadline a text reader fills in."""
from datetime import date

from tenders.dates import parse_date


def test_parse_french_dates():
    assert parse_date("le 1er mars 2027 à midi") == date(2027, 3, 1)
    assert parse_date("14 septembre 2020 - 16:00") == date(2020, 9, 14)
    assert parse_date("31/08/2020 à 14h00") == date(2020, 8, 31)
    assert parse_date("2026-12-01") == date(2026, 12, 1)
    assert parse_date("réf. 31/02/2020") is None  # not a date
    assert parse_date("aucune date") is None




def test_a_flattened_superscript_first_of_the_month():
    assert parse_date("1.e.r octobre 2020 - 12:00") == date(2020, 10, 1)


def test_a_two_digit_year_with_slashes_only():
    assert parse_date("Remise des offres : 14/09/20 à 12h00 au plus tard.") == date(2020, 9, 14)
    assert parse_date("Marché n° 12/3/20/4") is None  # a reference, not a date
    assert parse_date("31/08/2020") == date(2020, 8, 31)
