"""Before you meet: a brief on the morning of each meeting, and anyone's story by email.

- :mod:`~mailer.briefs.schedule` says when a day's brief is due (pure, no database);
- :mod:`~mailer.briefs.queries` reads what the log knows of some people, in a fixed number of
  statements however long the history;
- :mod:`~mailer.briefs.story` turns those rows into the JSON-safe facts a template renders;
- :mod:`~mailer.briefs.planner` queues the brief (run every tick, :mod:`mailer.planning.run`);
- :mod:`~mailer.briefs.about` answers an email to about@ with a person's story;
- :mod:`~mailer.briefs.render` renders a brief for ``mailer brief`` exactly as it is sent.
"""
