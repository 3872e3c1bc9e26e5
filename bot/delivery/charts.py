"""After a message that carries a chart is posted: draw it and upload it in its thread.

The message is what matters; a chart that cannot be drawn or uploaded is logged and
dropped, and never makes the message be posted again.
"""

import logging

from slack_sdk import WebClient

from bot.delivery.slack import Posted
from bot.reports.chart_payload import chart_request
from storage.models import Outbox

log = logging.getLogger(__name__)
CHART_FILENAME = "status.png"


def upload_chart(client: WebClient, row: Outbox, posted: Posted) -> bool:
    """Upload the chart ``row`` describes under ``posted``; True if one was uploaded."""
    if "chart" not in row.payload:
        return False
    request = chart_request(row.payload["chart"])
    if request is None:
        log.warning("outbox %s has a chart that cannot be read; posted without it", row.id)
        return False
    try:
        # matplotlib takes about half a second to import: only a process that draws pays it.
        from bot.reports.chart import render_status_chart

        png = render_status_chart(request.series, title=request.title)
        client.files_upload_v2(
            channel=posted.channel,
            thread_ts=posted.ts,
            content=png,
            filename=CHART_FILENAME,
            title=request.title,
        )
    except Exception:
        log.exception("outbox %s (%s): the chart was not uploaded", row.id, row.kind)
        return False
    log.info("outbox %s (%s): chart uploaded under %s", row.id, row.kind, posted.ts)
    return True
