"""Coach: a Telegram bot that coaches glute and hamstring training."""
