"""The sending side: outbox rows become rendered messages handed to a transport."""
