"""handbook: change notes per language, signature positions per language

`handbook_versions.change_note` (one text, in whatever language it was typed; the
shipped first edition's was English) becomes `change_notes`, a text per language.
Existing notes are kept under the default language (Albanian), except the first
edition's, which gets its note in every language. `handbook_signature_profiles`
holds the position a person's signature states, per language.

Revision ID: c4e8b1d2f7a3
Revises: 3c7e2b9d5f10
Create Date: 2026-12-06 12:00:00.000000

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e8b1d2f7a3'
down_revision = '3c7e2b9d5f10'
branch_labels = None
depends_on = None

#: the note the first edition was imported with, in each language Ura ships
FIRST_EDITION = {"sq": "Botimi i parë", "sr": "Prvo izdanje", "en": "First edition"}
DEFAULT_LANGUAGE = "sq"


def upgrade():
    op.create_table(
        'handbook_signature_profiles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('position', sa.String(length=200), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('person_id', 'language'),
    )
    with op.batch_alter_table('handbook_signature_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handbook_signature_profiles_person_id'), ['person_id'], unique=False)

    with op.batch_alter_table('handbook_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('change_notes', sa.JSON(), nullable=False, server_default='{}'))
    versions = sa.table('handbook_versions', sa.column('id', sa.Integer), sa.column('change_note', sa.Text),
                        sa.column('change_notes', sa.JSON))
    connection = op.get_bind()
    for version_id, note in connection.execute(sa.select(versions.c.id, versions.c.change_note)).all():
        note = (note or "").strip()
        notes = dict(FIRST_EDITION) if note == FIRST_EDITION["en"] else ({DEFAULT_LANGUAGE: note} if note else {})
        connection.execute(versions.update().where(versions.c.id == version_id).values(change_notes=notes))
    with op.batch_alter_table('handbook_versions', schema=None) as batch_op:
        batch_op.alter_column('change_notes', server_default=None)
        batch_op.drop_column('change_note')


def downgrade():
    with op.batch_alter_table('handbook_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('change_note', sa.Text(), nullable=False, server_default=''))
    versions = sa.table('handbook_versions', sa.column('id', sa.Integer), sa.column('change_note', sa.Text),
                        sa.column('change_notes', sa.JSON))
    connection = op.get_bind()
    for version_id, notes in connection.execute(sa.select(versions.c.id, versions.c.change_notes)).all():
        notes = json.loads(notes) if isinstance(notes, str) else (notes or {})
        note = notes.get(DEFAULT_LANGUAGE) or next(iter(notes.values()), "")
        connection.execute(versions.update().where(versions.c.id == version_id).values(change_note=note))
    with op.batch_alter_table('handbook_versions', schema=None) as batch_op:
        batch_op.alter_column('change_note', server_default=None)
        batch_op.drop_column('change_notes')

    with op.batch_alter_table('handbook_signature_profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handbook_signature_profiles_person_id'))
    op.drop_table('handbook_signature_profiles')
