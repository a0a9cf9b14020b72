"""Photos kept with meetings: step five of the Slow Networking Challenge (issue 18).

A photo arrives as an image part of a message (:mod:`mailer.parsing.message`), is read before
the database transaction (:mod:`~mailer.photos.develop`: limits, decoding, the EXIF worth
keeping in :mod:`~mailer.photos.metadata`), and is kept with the meeting the handler filed
(:mod:`~mailer.photos.filing`, one call from each handler) as two files named by its SHA-256
(:mod:`~mailer.photos.store`) that follow their rows (:mod:`~mailer.photos.cleanup`). Emails
show them inline (:mod:`~mailer.photos.attachments`): the confirmation with a caption to post
(:mod:`~mailer.photos.naming`), the digest small (:mod:`~mailer.photos.digest`); and they are
listed (:mod:`~mailer.photos.listing`) and exported (:mod:`~mailer.photos.export`).
"""
