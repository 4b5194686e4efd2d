"""Reunite: find separated migrant parents and children across agency records."""

__version__ = "0.1.0"
