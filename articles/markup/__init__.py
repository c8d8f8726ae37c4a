"""Article bodies as Markdown: rendered to sanitized HTML, links between articles, checks.

markdown.py (Markdown → sanitized HTML, the only renderer of article bodies),
article_links.py (`article:` links that survive renames), structure_checks.py (a
translation kept the structure of its English source), message_text.py (a conversation's
messages as HTML: text, with agents' web links clickable), image_check.py (images a
body asks for that the sanitizer will drop: the writer is warned).

Imports: `articles.core` only (models render bodies at save time through this package).
"""
