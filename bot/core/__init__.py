"""The pure domain core: no Telegram, no database, no I/O."""
