"""Coach's database: models and migrations, engines, repositories, PTB persistence."""
