"""``demo_loaded``: sent by ``load_demo`` once its content is in place, inside its
transaction, so the apps above ``review`` add their part of the demo without ``review``
importing them (the stale-content app raises one flag of each kind)."""

from django.dispatch import Signal

# Sent with ``users`` (username → user) and ``articles`` (title → Article).
demo_loaded = Signal()
