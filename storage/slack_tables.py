"""The tables slack_sdk keeps OAuth installations and install states in.

They are slack_sdk's, not Pillar's models: its SQLAlchemy stores read and write them.
A migration creates them, and the schema check compares the database with slack_sdk's
own definitions, so a slack_sdk upgrade that changes them shows as a pending migration.
"""

import sqlalchemy as sa
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

INSTALLATIONS_TABLE = SQLAlchemyInstallationStore.default_installations_table_name
BOTS_TABLE = SQLAlchemyInstallationStore.default_bots_table_name
OAUTH_STATES_TABLE = SQLAlchemyOAuthStateStore.default_table_name


def slack_sdk_metadata() -> sa.MetaData:
    """The three tables, as slack_sdk's stores define them."""
    metadata = sa.MetaData()
    SQLAlchemyInstallationStore.build_installations_table(metadata, INSTALLATIONS_TABLE)
    SQLAlchemyInstallationStore.build_bots_table(metadata, BOTS_TABLE)
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, OAUTH_STATES_TABLE)
    return metadata


SLACK_SDK_METADATA = slack_sdk_metadata()
