"""Reaching a human: contact channels, conversations, the live chat, the desk, link usage.

channels.py (what a language's visitors are offered, phone hours), requests.py
(conversations opened by a visitor, answered by agents, rated), conversations.py (a
conversation's messages, added once, internal notes, its state and timers),
message_rows.py (the two statements that store a message), chat.py (the live chat's
steps), live.py (the chat's events through the Channels layer), forms.py,
mail.py (e-mails to visitors), mail_backends.py (no mail server: e-mails refused, never
printed), forwarding.py (each new request sent on to the operator's help desk),
log_filter.py (status-link tokens kept out of logs), sample.py (the demo's channels and
chat hours), sample_canned.py (the demo's canned replies), desk.py (what the desk shows
for an article), link_usage.py (copies and opens of support links), assignment.py
(taking, assigning and transferring; the chat limit), workspace.py (the workspace's
views, a customer's other conversations), canned.py (canned replies in the customer's
language), links.py (signed links in e-mails, "My requests" sign-in links), history.py
("My requests": a visitor's conversations), visitor_data.py (retention: pruning; one
visitor's export). Honest waiting: presence.py (agents available, away, offline;
heartbeats), hours.py (the chat's opening hours per language, holidays), waiting.py (what
a visitor is told: live or not, place in the queue, expected wait), answer_timeout.py (a
taken chat not answered goes back to the queue), deflection.py (articles before a human,
and what visitors chose). The pages and the chat's WebSocket consumers are in views/.

Imports (outside views/): publishing, translations, search, models, markup, core.
"""
