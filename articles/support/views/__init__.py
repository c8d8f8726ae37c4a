"""The pages of reaching a human: the contact form and status page, and the agents' desk.

contact.py (the form, a request's private status page, follow-ups, ratings),
contact_files.py (screenshots, to their sender and to agents), desk.py (agents search in
the customer's language), requests.py (the request queue and a request's page),
desk_links.py (a copied link counted; Support agents sent to the desk after sign-in),
history.py ("My requests", and the page of a link that opens nothing), composer.py
(articles found as the agent writes a reply), consumers.py (the chat's sockets),
socket_scope.py (what they read of a handshake: origin, site address, client address).

Imports: the site's shared pieces (web: errors, throttles, same-origin checks), support,
and everything below.
"""
