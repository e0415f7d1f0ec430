"""The rules and writes of the surveys plugin, callable without HTTP.

- building a survey (hr): `building` (surveys, settings), `sections`, `questions`, `editing`
  (the cleaning and checks they share), `template` (the built-in template), `feasibility`
  (audience and reporting groups), `opening` (open and close);
- answering: `answering` (pages, draft, submission, the rewrite after closing), `invitations`
  (who is asked, announcements, reminders, the daily tick), `counting` (the answer counts),
  `response_rows` (each response's answers stored together, for the CSV);
- results: `response_rates` (what exists before release, response counts), `results` (figures,
  dimension indexes), `heatmaps`, `trends`, `summary`, `comments`, `exports`, `suppression`,
  `scales` and `dimensions` (how answers are read), `followups` (actions from results);
- public citizen polls: `polls` (a survey as a poll at /p/<slug>, a citizen's submission without a
  person, the one-answer-per-browser cookie, the published results).
"""
