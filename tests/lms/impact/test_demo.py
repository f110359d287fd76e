from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from lms.impact.figures import Filters
from lms.impact.forms import default_period
from lms.impact.services import impact_table


def test_seed_demo_fills_the_impact_table(db):
    call_command("seed_demo", stdout=StringIO())
    first, last = default_period(timezone.localdate())
    table = impact_table(Filters(start=first, end=last))
    assert table.answered > 0 and table.started > 0
    assert table.by_trade and table.by_trade[0].started > 0
