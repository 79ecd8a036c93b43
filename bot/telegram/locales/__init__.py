"""The message catalogues: `<locale>/LC_MESSAGES/coach.po`, one per language Coach speaks.

Each entry's msgid is a key ("help", "command.start"), not English text, so a wording change
in English touches one catalogue; English is a catalogue like the others, and the one every
other language falls back to for an entry it lacks.
"""
