"""One aiortc WHEP viewer (Tests/e2e/whep_client.py) that watches a session for a while, dropping a share of the
incoming packets so NACKs, retransmissions and receiver-reported loss show in /metrics; prints its frame count.

    viewer.py ROOT WHEP_URL SECONDS [DROP_RATE]
"""

import asyncio
import sys
import time


async def watch(url, seconds, drop_rate):
    from whep_client import WhepViewer

    viewer = WhepViewer(url, audio=False, drop_rate=drop_rate, analyse_every=1000, keep_thumbs=False, seed=7)
    try:
        await viewer.connect()
        await viewer.collect_until(time.time() + seconds)
    finally:
        await viewer.close()
    print(f"frames {len(viewer.frames)} nacks {viewer.nacks_sent} dropped {viewer.rtp_dropped}")
    return 0 if viewer.frames else 1


if __name__ == "__main__":
    sys.path.insert(0, f"{sys.argv[1]}/Tests/e2e")
    drop = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
    sys.exit(asyncio.run(watch(sys.argv[2], float(sys.argv[3]), drop)))
