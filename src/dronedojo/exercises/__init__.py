"""Exercises: the specification (spec.py, loader.py), the built-in curriculum (registry.py,
curriculum/), the judging of an attempt (frame.py, objectives/, scoring.py) and the headless
runner (runner.py). See the README's section "Exercises and scoring"."""
