"""Recognition: everyday thanks between colleagues, and the year-end award cycle.

Thanks: one author thanks one or several colleagues at once (`Thanks` with one
`ThanksReceiver` per person), optionally naming one of the administration's values;
public on the wall or private to the receivers. Whether a receiver's director is told
is the receiver's preference (`RecognitionPreference`), copied onto the receiver row
when the thanks is written, so later changes do not reveal old private thanks.

Award cycles: hr builds a cycle (categories with weighted criteria, a nomination
window, a committee with a chair, the decision date, the budget), opens it for
nominations, closes them; the committee scores (`Score`, one row per member and
nomination); the chair closes scoring; the cabinet decides (`Award`, one per
winner: a category has one unless hr sets more) and announces the winners.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.domain import DomainError
from intranet.extensions import Model
from intranet.people.models import Person, Unit, utcnow
from intranet.texts import Translated


class Value(StrEnum):
    """The administration's values from the strategy's messages to staff (section 7)."""

    BETTER = "better"
    MERIT = "merit"
    DEVELOPMENT = "development"


VALUE_LABELS = {
    Value.BETTER: _l("Doing things differently and better"),
    Value.MERIT: _l("Merit"),
    Value.DEVELOPMENT: _l("Professional development"),
}


class RecognitionPreference(Model):
    """A person's choice: tell my director when I am thanked (off unless they turn it on)."""

    __tablename__ = "recognition_preferences"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    tell_director: Mapped[bool] = mapped_column(Boolean, default=False)


class Thanks(Model):
    """A message of thanks from one person to one or several colleagues."""

    __tablename__ = "recognition_thanks"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    message: Mapped[str] = mapped_column(Text)
    #: a `Value`, or "" for none
    value: Mapped[str] = mapped_column(String(16), default="")
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    #: drawn into the form once, so a double click writes the thanks once
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    hidden_at: Mapped[datetime | None]
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    hidden_reason: Mapped[str] = mapped_column(Text, default="")

    author: Mapped[Person] = relationship(foreign_keys=[author_id])
    receivers: Mapped[list[ThanksReceiver]] = relationship(back_populates="thanks", cascade="all, delete-orphan",
                                                           order_by="ThanksReceiver.id")

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def value_label(self) -> str:
        return str(VALUE_LABELS[Value(self.value)]) if self.value else ""

    def hide(self, actor: Person, reason: str, now: datetime) -> None:
        """Take it off the wall and the profiles, with the reason.

        :raises DomainError: when it is hidden already or no reason is given.
        """
        if self.hidden:
            raise DomainError(_("This thanks is already hidden."))
        if not reason.strip():
            raise DomainError(_("Write why it is hidden."), "reason")
        self.hidden_at, self.hidden_by_id, self.hidden_reason = now, actor.id, reason.strip()


class ThanksReceiver(Model):
    """One person thanked, with their unit then and whether their director was told."""

    __tablename__ = "recognition_thanks_receivers"
    __table_args__ = (UniqueConstraint("thanks_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thanks_id: Mapped[int] = mapped_column(ForeignKey("recognition_thanks.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    director_told: Mapped[bool] = mapped_column(Boolean, default=False)

    thanks: Mapped[Thanks] = relationship(back_populates="receivers")
    person: Mapped[Person] = relationship()
    unit: Mapped[Unit | None] = relationship()


class CycleStatus(StrEnum):
    """draft → nominating → scoring → deciding → announced."""

    DRAFT = "draft"
    NOMINATING = "nominating"
    SCORING = "scoring"
    DECIDING = "deciding"
    ANNOUNCED = "announced"


CYCLE_STATUS_LABELS = {
    CycleStatus.DRAFT: _l("Being prepared"),
    CycleStatus.NOMINATING: _l("Open for nominations"),
    CycleStatus.SCORING: _l("Committee scoring"),
    CycleStatus.DECIDING: _l("Cabinet deciding"),
    CycleStatus.ANNOUNCED: _l("Winners announced"),
}


class AwardCycle(Model):
    """One year's awards: categories, a nomination window, a committee, the decision date and budget."""

    __tablename__ = "recognition_cycles"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=CycleStatus.DRAFT)
    #: naive UTC, as `LocalDateTimeField` gives it
    nominations_open_at: Mapped[datetime]
    nominations_close_at: Mapped[datetime]
    decision_on: Mapped[date]
    budget_eur: Mapped[int] = mapped_column(default=0)
    #: tell a colleague when they are nominated (that they are, and in which category; never by whom,
    #: never the justification or the scores); off: nominees hear nothing until the winners are announced
    tell_nominees: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    scoring_closed_at: Mapped[datetime | None]
    announced_at: Mapped[datetime | None]
    #: where the announcement was published (the all-staff bulletin), "" before
    published_url: Mapped[str] = mapped_column(String(300), default="")

    chair: Mapped[Person | None] = relationship(foreign_keys=[chair_id])
    categories: Mapped[list[AwardCategory]] = relationship(back_populates="cycle", cascade="all, delete-orphan",
                                                           order_by="AwardCategory.id")
    members: Mapped[list[CommitteeMember]] = relationship(back_populates="cycle", cascade="all, delete-orphan",
                                                          order_by="CommitteeMember.id")

    @property
    def name(self) -> str:
        return Translated(self.names or {}).in_language() or str(self.year)

    @property
    def status_label(self) -> str:
        return str(CYCLE_STATUS_LABELS[CycleStatus(self.status)])

    def member_ids(self) -> set[int]:
        return {m.person_id for m in self.members}

    def window_open(self, now: datetime) -> bool:
        return (self.status == CycleStatus.NOMINATING
                and self.nominations_open_at <= now <= self.nominations_close_at)

    def _move(self, expected: CycleStatus, to: CycleStatus, message: str) -> None:
        if self.status != expected:
            raise DomainError(message)
        self.status = to

    def open_nominations(self) -> None:
        """Draft → nominating. :raises DomainError: without a category with criteria, or without a committee."""
        if not self.categories or any(not c.criteria for c in self.categories):
            raise DomainError(_("Add at least one category, each with its criteria, first."))
        if not self.members or self.chair_id not in self.member_ids():
            raise DomainError(_("Choose the committee and its chair first."))
        self._move(CycleStatus.DRAFT, CycleStatus.NOMINATING, _("Only a cycle being prepared can be opened."))

    def close_nominations(self) -> None:
        """Nominating → scoring."""
        self._move(CycleStatus.NOMINATING, CycleStatus.SCORING, _("Nominations are not open."))

    def close_scoring(self, now: datetime) -> None:
        """Scoring → deciding: every score is shown, the cabinet decides."""
        self._move(CycleStatus.SCORING, CycleStatus.DECIDING, _("The committee is not scoring."))
        self.scoring_closed_at = now

    def announce(self, url: str, now: datetime) -> None:
        """Deciding → announced."""
        self._move(CycleStatus.DECIDING, CycleStatus.ANNOUNCED, _("The cabinet has not decided yet."))
        self.announced_at, self.published_url = now, url


class AwardCategory(Model):
    """A category of the cycle (best performer, best team, innovation, service to citizens)."""

    __tablename__ = "recognition_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("recognition_cycles.id", ondelete="CASCADE"), index=True)
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    #: how many winners the cabinet may choose in this category (up to this many)
    winners: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    cycle: Mapped[AwardCycle] = relationship(back_populates="categories")
    criteria: Mapped[list[AwardCriterion]] = relationship(back_populates="category", cascade="all, delete-orphan",
                                                          order_by="AwardCriterion.id")

    @property
    def name(self) -> str:
        return Translated(self.names or {}).in_language()


class AwardCriterion(Model):
    """What the committee scores a nomination on (1 to 5), and how much it weighs."""

    __tablename__ = "recognition_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("recognition_categories.id", ondelete="CASCADE"),
                                             index=True)
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    weight: Mapped[int] = mapped_column(default=1)

    category: Mapped[AwardCategory] = relationship(back_populates="criteria")

    @property
    def name(self) -> str:
        return Translated(self.names or {}).in_language()


class CommitteeMember(Model):
    __tablename__ = "recognition_committee"
    __table_args__ = (UniqueConstraint("cycle_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("recognition_cycles.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)

    cycle: Mapped[AwardCycle] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()


class Nomination(Model):
    """A colleague nominated in a category, with a justification per criterion."""

    __tablename__ = "recognition_nominations"
    __table_args__ = (UniqueConstraint("category_id", "nominee_id", "nominator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("recognition_cycles.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("recognition_categories.id", ondelete="CASCADE"),
                                             index=True)
    nominee_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    nominator_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    #: the nominee's unit when nominated (the director conflict and the fairness figures)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    #: criterion id (as a string) -> the justification typed for it
    justifications: Mapped[dict] = mapped_column(JSON, default=dict)
    #: ids of thanks the nominee received that the nominator cites
    cited_thanks: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    cycle: Mapped[AwardCycle] = relationship()
    category: Mapped[AwardCategory] = relationship()
    nominee: Mapped[Person] = relationship(foreign_keys=[nominee_id])
    nominator: Mapped[Person] = relationship(foreign_keys=[nominator_id])
    scores: Mapped[list[Score]] = relationship(back_populates="nomination", cascade="all, delete-orphan")


class Score(Model):
    """One committee member's scores of one nomination: criterion id (as a string) -> 1..5."""

    __tablename__ = "recognition_scores"
    __table_args__ = (UniqueConstraint("nomination_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("recognition_nominations.id", ondelete="CASCADE"),
                                               index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    scored_at: Mapped[datetime] = mapped_column(default=utcnow)

    nomination: Mapped[Nomination] = relationship(back_populates="scores")
    member: Mapped[Person] = relationship()


class Award(Model):
    """One winner of a category (a category has up to `AwardCategory.winners`): the winning nomination,
    the published justification, and, when a nomination not chosen outranks it on the committee's
    scores, the reason."""

    __tablename__ = "recognition_awards"
    __table_args__ = (UniqueConstraint("category_id", "place"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("recognition_cycles.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("recognition_categories.id", ondelete="CASCADE"))
    nomination_id: Mapped[int] = mapped_column(ForeignKey("recognition_nominations.id", ondelete="CASCADE"))
    #: 1..the category's number of winners: the order the cabinet chose them in
    place: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: the published justification per language
    justifications: Mapped[dict] = mapped_column(JSON, default=dict)
    against_scores_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    cycle: Mapped[AwardCycle] = relationship()
    category: Mapped[AwardCategory] = relationship()
    nomination: Mapped[Nomination] = relationship()
