"""``mailer doctor``: what can go wrong in a real set-up, checked, one finding per line.

Each module checks one group of things (files, the database, the clock and the scheduler, the
SMTP listener, the provider's servers, DNS) and returns :class:`Finding` s that say what was
found and what to do; :mod:`mailer.doctor.runner` runs those that apply to the configuration.
"""

from mailer.doctor.findings import Finding, Level
from mailer.doctor.runner import Checkup, run_checks

__all__ = ["Checkup", "Finding", "Level", "run_checks"]
