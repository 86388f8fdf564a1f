"""The Telegram adapter: `eventqa serve`, its handlers, HTML formatting and flood control."""
