"""Bulletin pages: thin views on `intranet.pages.Page`; every rule is in `bulletins.services`.

`reading` (the feed, a bulletin, acknowledging, comments, files, the Atom feed),
`writing` (the editor, attachments, submitting, archiving, my bulletins),
`approval` (communications' decisions and queue), `reach` (reach, acknowledgments, history).
The URL rules are all in `bulletins.blueprint`.
"""
