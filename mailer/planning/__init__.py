"""Planners decide what is due and put it in the outbox; they never send anything themselves."""
