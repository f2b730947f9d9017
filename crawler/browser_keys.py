"""Names the spider and the browser download handler (browser.py) share. Kept apart from
browser.py so that the spider does not import Playwright for a crawl of plain pages."""

# A context option of ours (the spider sets it from the job): the user's proxy, which an egress
# proxy of the context's own chains to; the browser never learns the proxy or its credentials.
UPSTREAM_PROXY = "offerwatch_upstream_proxy"
# Contexts of one job (its own proxy or cookies) are named with this prefix and closed after it.
PROXIED_CONTEXT_PREFIX = "guarded-own-"
