"""The Mini App: a gym-floor screen for today's session, served by the bot's own HTTP server."""
