"""One judge per objective kind (base.py has the interface; scoring.py maps kinds to them)."""
