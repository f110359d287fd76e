"""What the people app asks of every other app about one person: her data, her files, erasing her.

People sit at the bottom of the layers (README, Layout), below the apps that hold a person's
enrolments, classes, questions, photos and certificates, so lms/people/privacy.py cannot import
them. It sends these signals instead; each app answers from its own privacy.py, connected in its
AppConfig.ready() with a dispatch_uid. All three are sent with the user model as sender and the
person as `user`.
"""

from __future__ import annotations

from django.dispatch import Signal

# For data.json. Each receiver returns {section name: JSON-ready data} for what its app holds
# about `user` (an empty dict when it holds nothing); a section name belongs to one app only.
collect_personal_data = Signal()

# Files the person gets back with her data. Each receiver returns [(name in the ZIP, bytes)].
collect_personal_files = Signal()

# Erase or anonymise what the app holds about `user`; `revoke_certificates` says whether she also
# asked for her certificates to be revoked. Sent with send(), not send_robust(), inside the
# erasing transaction: a receiver that raises undoes the whole deletion. Files are removed on
# commit (transaction.on_commit), so a deletion undone keeps them too.
erase_personal_data = Signal()
