"""``dateline watch``: follow feeds and sitemaps, politely, and keep the knowledge base current.

:mod:`~dateline.watch.schedule` says when each source is polled next (on an
injectable clock), :mod:`~dateline.watch.runner` polls, reads and stores.
"""
