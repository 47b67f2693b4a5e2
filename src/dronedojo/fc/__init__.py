"""The flight controller: sticks and sensor readings in, motor commands out.

Betaflight semantics for FPV quads (rates, ACRO / ANGLE / HORIZON, PID, quad-X mixer) and
PX4 / DJI semantics for GPS camera drones (POSITION, ATTI, return to home, failsafes). Its
memory (integrators, filters, mode, timers) lives in a state object; it is batched over N
drones like the physics and compiled where hot.
"""
