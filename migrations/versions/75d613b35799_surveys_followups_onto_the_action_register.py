"""surveys: follow-up actions become items of the host's action register

Every row of `survey_followups` (title, owner, due day, status, creator, creation time)
is moved into `action_items` (source "surveys", key "survey:<survey id>:followup:<id>",
the survey's results page as its URL and the survey's titles as its label; updated_at
is the creation time, nothing reminded or escalated yet). `survey_followups` is rebuilt
as the link from the item to what it answers in the survey (question, dimension, group),
keeping every follow-up's id. The downgrade rebuilds the old table from the items,
with every row and its id; an item dropped since (a status the old table did not have)
comes back as done.

Revision ID: 75d613b35799
Revises: c4e8b1d2f7a3
Create Date: 2026-12-06 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '75d613b35799'
down_revision = 'c4e8b1d2f7a3'
branch_labels = None
depends_on = None

OLD_STATUSES = ('open', 'in_progress', 'done')

surveys = sa.table('surveys', sa.column('id', sa.Integer), sa.column('titles', sa.JSON))
# a Table with its primary key, so that an insert answers the new item's id
items = sa.Table(
    'action_items', sa.MetaData(), sa.Column('id', sa.Integer, primary_key=True), sa.Column('title', sa.String), sa.Column('owner_id', sa.Integer),
    sa.Column('due_on', sa.Date), sa.Column('status', sa.String), sa.Column('source_plugin', sa.String),
    sa.Column('source_key', sa.String), sa.Column('source_url', sa.String), sa.Column('source_label', sa.JSON),
    sa.Column('created_by_id', sa.Integer), sa.Column('created_at', sa.DateTime),
    sa.Column('updated_at', sa.DateTime), sa.Column('reminded_on', sa.Date), sa.Column('escalated_on', sa.Date),
)
comments = sa.table('action_comments', sa.column('item_id', sa.Integer))
old_followups = sa.table(
    'survey_followups', sa.column('id', sa.Integer), sa.column('survey_id', sa.Integer),
    sa.column('question_key', sa.String), sa.column('dimension', sa.String), sa.column('group_id', sa.Integer),
    sa.column('title', sa.String), sa.column('owner_id', sa.Integer), sa.column('due_on', sa.Date),
    sa.column('status', sa.String), sa.column('created_by_id', sa.Integer), sa.column('created_at', sa.DateTime),
)
links = sa.table(
    'survey_followups', sa.column('id', sa.Integer), sa.column('action_item_id', sa.Integer),
    sa.column('survey_id', sa.Integer), sa.column('question_key', sa.String), sa.column('dimension', sa.String),
    sa.column('group_id', sa.Integer),
)


def _restart_numbering() -> None:
    # Rows were written with their ids: PostgreSQL's sequence must continue after the highest.
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("SELECT setval(pg_get_serial_sequence('survey_followups', 'id'), "
                   "COALESCE((SELECT MAX(id) FROM survey_followups), 0) + 1, false)")


def _drop_old_table() -> None:
    with op.batch_alter_table('survey_followups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_followups_survey_id'))
        batch_op.drop_index(batch_op.f('ix_survey_followups_owner_id'))
    op.drop_table('survey_followups')


def _create_old_table() -> None:
    op.create_table('survey_followups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('question_key', sa.String(length=64), nullable=True),
    sa.Column('dimension', sa.String(length=32), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_survey_followups_created_by_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['survey_groups.id'], name=op.f('fk_survey_followups_group_id_survey_groups'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_survey_followups_owner_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_followups_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_followups'))
    )
    with op.batch_alter_table('survey_followups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_followups_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_followups_survey_id'), ['survey_id'], unique=False)


def _create_link_table() -> None:
    op.create_table('survey_followups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_item_id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('question_key', sa.String(length=64), nullable=True),
    sa.Column('dimension', sa.String(length=32), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['action_item_id'], ['action_items.id'], name=op.f('fk_survey_followups_action_item_id_action_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['survey_groups.id'], name=op.f('fk_survey_followups_group_id_survey_groups'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_followups_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_followups')),
    sa.UniqueConstraint('action_item_id', name=op.f('uq_survey_followups_action_item_id'))
    )
    with op.batch_alter_table('survey_followups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_followups_survey_id'), ['survey_id'], unique=False)


def upgrade():
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(old_followups, surveys.c.titles)
        .join(surveys, surveys.c.id == old_followups.c.survey_id).order_by(old_followups.c.id)
    ).mappings().all()
    _drop_old_table()
    _create_link_table()
    for row in rows:
        item_id = bind.execute(items.insert().values(
            title=row['title'], owner_id=row['owner_id'], due_on=row['due_on'],
            status=row['status'] if row['status'] in OLD_STATUSES else 'open',
            source_plugin='surveys', source_key=f"survey:{row['survey_id']}:followup:{row['id']}",
            source_url=f"/surveys/{row['survey_id']}/results#follow-ups", source_label=row['titles'] or {},
            created_by_id=row['created_by_id'], created_at=row['created_at'], updated_at=row['created_at'],
            reminded_on=None, escalated_on=None,
        )).inserted_primary_key[0]
        bind.execute(links.insert().values(
            id=row['id'], action_item_id=item_id, survey_id=row['survey_id'], question_key=row['question_key'],
            dimension=row['dimension'], group_id=row['group_id'],
        ))
    _restart_numbering()


def downgrade():
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(links, items.c.title, items.c.owner_id, items.c.due_on, items.c.status, items.c.created_by_id,
                  items.c.created_at)
        .join(items, items.c.id == links.c.action_item_id).order_by(links.c.id)
    ).mappings().all()
    with op.batch_alter_table('survey_followups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_followups_survey_id'))
    op.drop_table('survey_followups')
    _create_old_table()
    for row in rows:
        bind.execute(old_followups.insert().values(
            id=row['id'], survey_id=row['survey_id'], question_key=row['question_key'], dimension=row['dimension'],
            group_id=row['group_id'], title=row['title'], owner_id=row['owner_id'], due_on=row['due_on'],
            # "dropped" did not exist: the action is no longer to be done
            status=row['status'] if row['status'] in OLD_STATUSES else 'done',
            created_by_id=row['created_by_id'], created_at=row['created_at'],
        ))
    moved = [row['action_item_id'] for row in rows]
    if moved:
        # their comments first: SQLite enforces no ON DELETE CASCADE unless asked to
        bind.execute(comments.delete().where(comments.c.item_id.in_(moved)))
        bind.execute(items.delete().where(items.c.id.in_(moved)))
    _restart_numbering()
