"""Introductions the way good connectors make them: double opt-in, every step approved by reply.

An introduction comes from a recap's promise ("I'll introduce Marta to Jordi"), an
``intro: Marta -> Jordi`` line in reply to any mail of ours, or an email to intro@. The user
gets a draft of the ask to the person whose time is asked for; nothing reaches either person
before the user replies "send" (or their own text). The asked person's yes brings the user a
draft of the joint introduction, and one more "send" sends exactly one email to both. Then
the assistant follows it to the meeting.

- :mod:`~mailer.intros.reading` and :mod:`~mailer.intros.answers` read text (no database);
- :mod:`~mailer.intros.people` matches people to contacts and records introductions;
- :mod:`~mailer.intros.stages` is the state machine; :mod:`~mailer.intros.flow` what else a
  change of stage changes;
- :mod:`~mailer.intros.planner` turns each introduction's state into mail
  (:mod:`~mailer.intros.mail`), every tick and after every answer;
- :mod:`~mailer.intros.handlers` and :mod:`~mailer.intros.approvals` are the pipeline's side;
- :mod:`~mailer.intros.queries` reads them for ``mailer intros list``, the API and the digest.
"""
