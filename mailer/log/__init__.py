"""The meeting log: contacts, meetings, attendees and follow-ups, always scoped to one user."""
