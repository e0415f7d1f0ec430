"""Exports of survey results, under the same rules as the pages.

    results_xlsx(survey, viewer) -> bytes      the aggregated tables (what the viewer may read)
    responses_csv(survey) -> Iterator[str]     one row per response, for hr: no id, a new random order each time

Withheld figures read "withheld", never 0. Any text cell that a spreadsheet would take for
a formula (=, +, -, @, tab, carriage return first) is stored as text.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator

from flask_babel import gettext as _
from openpyxl.styles import Font

from intranet.extensions import db
from intranet.people.models import Person
from intranet.spreadsheets import empty_workbook, spreadsheet_safe
from surveys.models import TEXT_KINDS, YESNO, Response, Survey
from surveys.services import comments, heatmaps, response_rates, response_rows, results
from surveys.services.summary import component_label
from surveys.services.suppression import WITHHELD, coarsen

#: responses read from the database at a time by the CSV export
CHUNK = 2000


#: number formats of the XLSX cells: shares as whole percentages, means with one decimal, eNPS whole
PERCENT, MEAN, WHOLE = "0%", "0.0", "0"


def _sheet(book, title: str, header: list, rows: list[list], formats: dict | None = None):
    """A sheet named `title` (as Excel allows), a bold header row and `formats`: column number
    (1-based) -> number format of its numbers (a text such as "withheld" keeps its own)."""
    # Excel refuses []:*?/\ in a sheet name, more than 31 characters, and the same name twice.
    base = re.sub(r"[\[\]:*?/\\]", " ", str(title))[:31].strip() or "Sheet"
    name, number = base, 2
    while name in book.sheetnames:
        name, number = f"{base[:26]} ({number})", number + 1
    sheet = book.create_sheet(name)
    sheet.append([spreadsheet_safe(str(h)) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([spreadsheet_safe(str(v)) if isinstance(v, str) or hasattr(v, "__html__") else v for v in row])
    for column, number_format in (formats or {}).items():
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            if isinstance(cell.value, int | float):
                cell.number_format = number_format
    sheet.column_dimensions["A"].width = 50
    sheet.freeze_panes = "B2"
    return sheet


def results_xlsx(survey: Survey, viewer: Person) -> bytes:
    """The aggregated results the viewer may read, in the reader's language: response rates, each
    question for the organisation and each group, dimension indexes (the heatmap), the unit matrix
    and the cross-tables. Questions are named by their text, never by their key; shares carry a
    percent format and means one decimal."""
    withheld = _("withheld")
    data = results.overview(survey, viewer)
    book = empty_workbook()
    _sheet(book, _("Response rates"), [_("Group"), _("Staff"), _("Responses"), _("Response rate")],
           [[r.label, r.headcount, withheld if r.withheld else r.responses, withheld if r.withheld else r.rate]
            for r in data.rates], formats={4: PERCENT})
    scopes = [(_("Organisation"), results.ORG)] + [(g.name, g.id) for g in data.groups]
    rows = []
    for component in data.components:
        label = component_label(component)
        yes_no = component.question.kind == YESNO
        for scope_label, scope in scopes:
            figure = component.figures[scope]
            if figure.withheld:
                rows.append([label, scope_label, *[withheld] * 7])
                continue
            rows.append([label, scope_label, figure.count, None if yes_no else figure.mean,
                         figure.mean if yes_no else None, figure.unfavourable, figure.neutral, figure.favourable,
                         figure.enps])
    _sheet(book, _("Questions"), [_("Question"), _("Group"), _("Answers"), _("Mean"), _("Share of “yes”"),
                                  _("Unfavourable"), _("Neutral"), _("Favourable"), _("eNPS")], rows,
           formats={4: MEAN, 5: PERCENT, 6: PERCENT, 7: PERCENT, 8: PERCENT, 9: WHOLE})
    heat = heatmaps.heatmap(survey, viewer)
    _sheet(book, _("Dimensions"), [_("Group"), *heat.column_labels],
           [[label, *[withheld if heat.withheld[r][c] else value for c, value in enumerate(heat.values[r])]]
            for r, label in enumerate(heat.row_labels)],
           formats=dict.fromkeys(range(2, len(heat.column_labels) + 2), PERCENT))
    matrices = heatmaps.unit_matrix(survey, viewer)
    for number, matrix in enumerate(matrices, start=1):
        title = _("Unit matrix") + (f" {number}" if len(matrices) > 1 else "")
        _sheet(book, title, [_("Respondents' group"), *matrix.column_labels],
               [[label, *[withheld if matrix.withheld[r][c] else value for c, value in enumerate(matrix.values[r])]]
                for r, label in enumerate(matrix.row_labels)],
               formats=dict.fromkeys(range(2, len(matrix.column_labels) + 2), MEAN))
    titles = {"manager": _("Managers and staff"), "tenure": _("Years of service")}
    for table in heatmaps.cross_tables(survey, viewer, labels=breakdown_labels()):
        _sheet(book, titles.get(table.name, table.name),
               [_("Group"), *table.column_labels],
               [[label, *[withheld if table.withheld[r][c] else value for c, value in enumerate(table.counts[r])]]
                for r, label in enumerate(table.row_labels)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def breakdown_labels() -> dict:
    """Column keys of the cross-tables in the reader's language."""
    return {"manager": _("Managers"), "staff": _("Staff"), "lt2": _("Under 2 years"), "2to5": _("2–5 years"),
            "6to10": _("6–10 years"), "11to20": _("11–20 years"), "gt20": _("Over 20 years"), "": _("Not given")}


def responses_csv(survey: Survey) -> Iterator[str]:
    """Every response as a CSV row (hr): group, breakdowns, answers — and nothing that tells one
    download's rows from another's: no response id, and the rows in a new random order each time.

    A group whose response count is withheld is written as "withheld" (all such groups together);
    a manager/staff or years-of-service value withheld in its cross-table is written as "withheld".
    Then each row's combination of group × manager/staff × years of service is checked as a whole
    (`suppression.coarsen`): where fewer than the score threshold share it, the band is withheld,
    then manager/staff, then the group, until they do — one row can no longer be the only manager
    with 6–10 years in a unit. Text answers only for groups at or above the comment threshold
    (and not withheld with them). Every cell a person wrote or named is made safe for spreadsheets.
    Streams a chunk of rows at a time, each response's answers read as stored together
    (`Response.cells`, see `_csv_rows`).

    :raises ResultsNotReleased: while the survey is open.
    """
    response_rates.require_released(survey)
    withheld_word = _("withheld")
    suppressed = response_rates.suppress_responses(survey)
    comment_withheld = comments.comment_groups_withheld(survey)
    names = {g.id: g.name for g in survey.groups}
    questions = sorted(survey.questions, key=lambda q: (q.position, q.id))
    columns = response_rows.columns(questions)
    text_ids = {q.id for q in questions if q.kind in TEXT_KINDS}
    word_ids = text_ids | {q.id for q in questions if q.kind == "single"}
    header = [_("Group")]
    if survey.collect_manager:
        header.append(_("Manager"))
    if survey.collect_tenure:
        header.append(_("Years of service"))
    header = [spreadsheet_safe(str(h)) for h in header + [c.heading for c in columns]]
    prefixes = _breakdown_cells(survey, suppressed, names, withheld_word)
    # everything read from the survey is read now: the rows stream after the request's session is closed
    return _csv_rows(survey.id, header, prefixes, comment_withheld, columns, text_ids, word_ids, withheld_word)


def _breakdown_cells(survey: Survey, suppressed, names: dict, withheld_word: str) -> dict:
    """(group id, is_manager, tenure band) of the responses -> the group and breakdown cells written."""
    def value(name: str, group_id: int, column: str):
        hidden = group_id in suppressed.groups or (group_id, column) in suppressed.tables.get(name, set())
        return WITHHELD if hidden else column

    found = response_rates.breakdown_counts(survey)
    first = {}
    for group_id, manager, tenure in found:
        first[(group_id, manager, tenure)] = (
            WITHHELD if group_id in suppressed.groups else group_id,
            value("manager", group_id, "manager" if manager else "staff") if survey.collect_manager else None,
            value("tenure", group_id, tenure or "") if survey.collect_tenure else None)
    counts: dict = {}
    for key, n in found.items():
        counts[first[key]] = counts.get(first[key], 0) + n
    written = coarsen(counts, survey.score_threshold)
    labels = {"manager": _("yes"), "staff": _("no")}
    cells = {}
    for key, combination in first.items():
        group, manager, tenure = written[combination]
        row = [withheld_word if group == WITHHELD else names.get(group, "")]
        if manager is not None:
            row.append(withheld_word if manager == WITHHELD else labels[manager])
        if tenure is not None:
            row.append(withheld_word if tenure == WITHHELD else tenure)
        cells[key] = [spreadsheet_safe(str(cell)) for cell in row]
    return cells


def _csv_rows(survey_id, header, prefixes, comment_withheld, columns, text_ids, word_ids,
              withheld_word) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return value

    writer.writerow(header)
    yield flush()

    # The answers come as each response stored them together, a JSON array in the columns' order:
    # at 100,000 responses there are millions of answer rows, none of which is read or placed in
    # its column here. Only the few columns that may hold a choice or a text are looked at again,
    # to neutralise formulas and withhold comments.
    width = len(columns)
    texts = [n for n, c in enumerate(columns) if c.question_id in text_ids]
    words = [n for n, c in enumerate(columns) if c.question_id in word_ids]
    # A new random order at each download, drawn here rather than by the database: every response's
    # row is read in one statement, shuffled, then written a chunk at a time (its id is never
    # written: two downloads share no key to match rows by). A row is its breakdowns and its answers
    # as one short text, so even 100,000 of them are held at once without trouble.
    # on the session's connection: plain rows, without the ORM's handling of each
    found = list(db.session.connection().execute(
        db.select(Response.id, Response.group_id, Response.is_manager, Response.tenure_band, Response.cells)
        .where(Response.survey_id == survey_id)).all())
    # each row sorted by 64 random bits from the operating system, all read at once (a shuffle with
    # `SystemRandom` reads them a few bytes at a time: at 100,000 rows that alone took tenths of a second)
    keys = iter(memoryview(os.urandom(8 * len(found))).cast("Q"))
    found.sort(key=lambda _row: next(keys))
    loads = response_rows.loads
    for start in range(0, len(found), CHUNK):
        rows, missing = [], []
        for response_id, group_id, manager, tenure, cells in found[start:start + CHUNK]:
            values = loads(cells, width) if cells else None
            if values is None:
                # a response written otherwise than by a submission may have no stored form yet (or
                # one of another shape): it is read from its answer rows
                missing.append(response_id)
            rows.append((response_id, group_id, prefixes[(group_id, manager, tenure)], values))
        repaired = response_rows.cells_from_answers(columns, missing) if missing else {}
        for response_id, group_id, prefix, values in rows:
            if values is None:
                values = repaired[response_id]
            for position in words:
                values[position] = spreadsheet_safe(values[position])
            if group_id in comment_withheld:
                for position in texts:
                    if values[position] != "":
                        values[position] = withheld_word
            writer.writerow(prefix + values)
        yield flush()

