"""One click on an idle server: how long until the whole answer has arrived, and TCP_NODELAY.

A phase of bench/load.py (``--phases click``).  One tab alone on its server clicks
(reruns its page) ``count`` times in two rhythms:

- **after a pause**: each click 1 s after the last answer, as a person clicks;
- **back to back**: each click 10 ms after the last answer (a person clicking again at
  once, a widget firing twice, the load client's closed loop).

With Nagle's algorithm on the server's socket (no TCP_NODELAY), the server holds back a
small frame while an earlier one waits for its ACK, and the client's kernel delays that ACK
up to 40 ms: the answer's last frames then come ~40 ms late.  Linux acknowledges at once
after an idle spell (quick-ACK mode), which is why the pause rhythm hides it and the
back-to-back one shows it.  The server's end of the connection is asked directly
(:func:`bench.servers.tcp_nodelay`), and the same page is measured on a server started both
ways of bench/servers.py (``streamlit run``: off; uvicorn serving ``st.App``: on).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bench.common import Stats, Target
from bench.crowd import Crowd, measuring, tabs_for
from bench.servers import Cluster, tcp_nodelay

PAUSE_SECONDS = 1.0
BACK_TO_BACK_SECONDS = 0.01


@dataclass
class Click:
    target: Target
    launch: str
    after_pause: list[float] = field(default_factory=list)   # ms until script_finished
    back_to_back: list[float] = field(default_factory=list)
    nodelay: bool | None = None
    errors: list[str] = field(default_factory=list)
    failure: str | None = None

    @property
    def pause_stats(self) -> Stats | None:
        return Stats.of(self.after_pause) if self.after_pause else None

    @property
    def back_to_back_stats(self) -> Stats | None:
        return Stats.of(self.back_to_back) if self.back_to_back else None


async def measure_click(crowd: Crowd, cluster: Cluster, target: Target, board_id: str,
                        count: int) -> Click:
    """One tab on the otherwise idle server: ``count`` clicks in each rhythm."""
    result = Click(target, cluster.members[0].launch)
    async with measuring(crowd, cluster) as end:
        await crowd.add(tabs_for(cluster, target, board_id, 1))
        await asyncio.sleep(PAUSE_SECONDS)
        paused, quick = [
            next(answer for answer in await crowd.call("clicks", count=count, pause=pause)
                 if answer["timings"])
            for pause in (PAUSE_SECONDS, BACK_TO_BACK_SECONDS)]
        result.after_pause, result.back_to_back = paused["timings"], quick["timings"]
        result.nodelay = tcp_nodelay(cluster.members[0], paused["ports"][0])
    result.failure, result.errors = end.failure, end.errors
    return result
