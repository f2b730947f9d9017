"""Rows the benchmarks start from, written straight to the database they created."""

from __future__ import annotations

import datetime as dt
import uuid

import psycopg

from core.tiers import Tier


def insert_watched_page(conn: psycopg.Connection[tuple[object, ...]], number: int, chat_id: int) -> str:
    """A listing page past its baseline, watched for an hour by one pro user's target that is
    routed to one Telegram chat; returns the scraping_url id."""
    user_id, target_id, url_id, channel_id = (uuid.uuid4() for _ in range(4))
    an_hour_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    conn.execute(
        "INSERT INTO user_account (id, username, email, password_hash, tier, created_at, updated_at)"
        " VALUES (%s, %s, %s, 'x', %s, now(), now())",
        (user_id, f"bench{number}", f"bench{number}@example.com", Tier.PRO.value),
    )
    conn.execute(
        "INSERT INTO scraping_target (id, user_id, name, is_active, include_words, exclude_words,"
        " created_at, updated_at) VALUES (%s, %s, %s, true, '[]', '[]', now(), now())",
        (target_id, user_id, f"Target {number}"),
    )
    conn.execute(
        "INSERT INTO scraping_url (id, url, fingerprint, render_js, interval_seconds, next_check_at,"
        " consecutive_failures, health, baseline_done, created_at, updated_at)"
        " VALUES (%s, %s, %s, false, 120, now(), 0, 'ok', true, now(), now())",
        (url_id, f"https://shop.example/list/{number}", uuid.uuid4().hex),
    )
    conn.execute(
        "INSERT INTO target_url (id, target_id, scraping_url_id, created_at, updated_at)"
        " VALUES (%s, %s, %s, %s, %s)",
        (uuid.uuid4(), target_id, url_id, an_hour_ago, an_hour_ago),
    )
    conn.execute(
        "INSERT INTO notification_config (id, user_id, kind, address, is_active, is_paused,"
        " created_at, updated_at) VALUES (%s, %s, 'telegram', %s, true, false, now(), now())",
        (channel_id, user_id, str(chat_id)),
    )
    conn.execute(
        "INSERT INTO target_channel (id, target_id, channel_id, is_muted, created_at, updated_at)"
        " VALUES (%s, %s, %s, false, now(), now())",
        (uuid.uuid4(), target_id, channel_id),
    )
    return str(url_id)
