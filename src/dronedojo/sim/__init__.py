"""sim/: composes fc + physics + faults + sensors at a fixed rate."""
