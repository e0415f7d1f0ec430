"""The action-item register: one list of things to do, whatever raised them.

Meetings (an action from the minutes), surveys (a follow-up on a result) and the
plan create items through `services.create_item`, naming where each came from
(`source_plugin`, `source_key`, `source_url`, `source_label`). Owners see one list
(`/actions/`, and the home page); overdue items remind their owner and, after a
grace period, their director (`flask actions tick`).

- `models`: `ActionItem` with its `ActionStatus` and transitions, `ActionComment`.
- `services`: every rule and write, callable without HTTP.
- `views`, `forms`, `widgets`: the pages, and the home page's card and next steps.
"""
