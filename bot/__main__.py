"""`python -m bot` is the same as the `coach` command."""

from bot.cli.main import main

raise SystemExit(main())
