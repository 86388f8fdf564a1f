"""The benchmark (`eventqa bench`) and the fake Telegram Bot API it shares with the tests."""
