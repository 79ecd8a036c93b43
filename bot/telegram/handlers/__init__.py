"""Thin Telegram handlers: translate updates into service calls and render replies."""
