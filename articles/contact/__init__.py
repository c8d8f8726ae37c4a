"""Reaching a human (README "Contact and support requests"), one module per job:

channels.py (what the operator offers in a language, and whether a phone line is open),
forms.py (the visitor's form and the desk's reply form), requests.py (creating, answering,
rating a request), mail.py (the e-mails sent to visitors), forwarding.py (sending each new
request on to the operator's own help desk, signed and retried).
"""
