from datetime import date

from gongkai.publishing.deadlines import add_working_days, publication_due


def test_twenty_working_days_skip_weekends():
    assert publication_due(date(2024, 3, 1)) == date(2024, 3, 29)  # Friday -> Friday
    assert publication_due(date(2024, 3, 2)) == date(2024, 3, 29)  # Saturday
    assert add_working_days(date(2024, 3, 8), 1) == date(2024, 3, 11)  # Friday -> Monday
    assert add_working_days(date(2024, 3, 8), 0) == date(2024, 3, 8)
