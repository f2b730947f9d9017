"""Kinds of delivery channel behind one seam (base.py): Telegram, e-mail, webhook."""
