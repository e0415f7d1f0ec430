"""Recognition services: every rule and write, callable without HTTP.

`thanks` — everyday thanks, the wall, the receivers' preference, hiding;
`cycles` — building and running an award cycle (hr), nominations;
`committee` — scoring with its conflict-of-interest rules, the cabinet's decision and the announcement.
"""
