"""request: index (service_date, service_time, id, status) replaces (service_date): the lists'
order without a sort, and counts per period and status from the index alone (issue 6)

Revision ID: 0003
Revises: 0002
"""
from typing import Sequence, Union

from alembic import op

revision: str = '0003'
down_revision: Union[str, None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index('ix_request_date_order', 'request', ['service_date', 'service_time', 'id', 'status'],
                    unique=False)
    op.drop_index('ix_request_service_date', table_name='request')


def downgrade() -> None:
    op.create_index('ix_request_service_date', 'request', ['service_date'], unique=False)
    op.drop_index('ix_request_date_order', table_name='request')
