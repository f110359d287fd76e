"""makemessages without fuzzy matching: a guessed translation of a similar message is worse
than none (it shows wrong Bangla and hides that the message still needs translating)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
