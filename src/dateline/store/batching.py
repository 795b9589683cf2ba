"""How many articles one write transaction holds (``Store.add_records``, ``ingest``).

A module of its own so that the connection code and the ingest that uses it do not
import each other.
"""

#: Articles per write transaction.
BATCH_SIZE = 200
