"""The ground floor every process stands on: settings, the database, the clock, limits and
money rules, address policy, currencies, logging and request ids. It imports nothing from
api, crawler or notifier."""
