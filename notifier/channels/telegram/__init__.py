"""Telegram, the seam's first kind: texts and formats (format.py), button codes (buttons.py),
the transport (senders.py), sending and outcomes (channel.py); its rate limits are
notifier/ratelimit.py."""
