/// `/player.js`, the player page's script: lists the sessions (as text nodes, whoever serves the list), plays one
/// over WHEP and fills the statistics table. A lost stream (ICE failure, no frames, a failed POST) is played again
/// after an exponential backoff with jitter; a refusal (404, 401, 403) stops it with the reason.
enum PlayerScript {
    static let javascript = PageResponse.file(source, contentType: "text/javascript; charset=utf-8")

    static let source = #"""
        const params = new URLSearchParams(location.search);
        const server = params.get("server") || "";
        const auth = params.get("token") ? { Authorization: "Bearer " + params.get("token") } : {};
        const $ = (id) => document.getElementById(id);
        // A lost stream is retried after 0.5 s, doubling to 8 s, jittered; a connection that showed frames resets it.
        const RETRY_FIRST_MS = 500, RETRY_MAX_MS = 8000, DISCONNECTED_GRACE_MS = 3000, FRAME_STALL_MS = 5000;
        let pc = null, resource = null, previous = null, firstFrameAt = null, postedAt = null;
        let watching = false, attempt = 0, retryTimer = null, disconnectedTimer = null, frameCallback = 0;
        let connectedAt = null, lastFrameAt = null;
        // What the tests read: frames shown and connections made over the page's life, retries scheduled, the status.
        const player = (window.player = { framesShown: 0, connections: 0, retries: 0, attempt: 0, status: "idle" });

        function show(text) {
          player.status = text;
          $("status").textContent = text;
        }

        async function loadSessions() {
          const response = await fetch(server + "/v1/sessions", { headers: auth });
          const { sessions } = await response.json();
          // The list may come from another server (?server=): its text goes in as text, never as markup.
          $("session").replaceChildren(...sessions.map((s) => {
            const option = document.createElement("option");
            option.value = String(s.id);
            option.textContent = `${s.id} — ${s.scene} ${s.width}×${s.height} @ ${s.fps} fps`;
            return option;
          }));
          const wanted = params.get("session");
          if (wanted && !sessions.some((s) => String(s.id) === wanted)) {
            // Asked for by name: tried as asked, so a session that is gone says so instead of another one playing.
            const option = document.createElement("option");
            option.value = wanted;
            option.textContent = `${wanted} (not listed)`;
            $("session").append(option);
          }
          if (wanted) $("session").value = wanted;
        }

        // A POST answer that retrying cannot change: stop and say why.
        class Refusal extends Error {}

        function refusal(status, detail, session) {
          if (status === 404) return new Refusal(`no such session "${session}" (404): ${detail}`);
          if (status === 401 || status === 403) {
            return new Refusal(`not allowed to watch "${session}" (${status}): ${detail}`);
          }
          return new Refusal(`error ${status}: ${detail}`);
        }

        // Retry-After in seconds or as an HTTP date; 0 where there is none.
        function retryAfterMs(response) {
          const value = response.headers.get("Retry-After");
          if (!value) return 0;
          const seconds = Number(value);
          const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
          return Number.isFinite(ms) ? Math.max(0, ms) : 0;
        }

        function play() {
          stop();
          watching = true;
          attempt = 0;
          $("play").disabled = true;
          $("stop").disabled = false;
          connect();
        }

        async function connect() {
          close();
          const current = (pc = new RTCPeerConnection());
          player.connections++;
          show("connecting");
          pc.addTransceiver("video", { direction: "recvonly" });
          pc.addTransceiver("audio", { direction: "recvonly" });
          pc.ontrack = (event) => {
            if (event.track.kind === "video" && current === pc) {
              $("video").srcObject = event.streams[0] || new MediaStream([event.track]);
              watchFrames(current);
            }
          };
          pc.onconnectionstatechange = () => onConnectionState(current);
          try {
            await pc.setLocalDescription(await pc.createOffer());
            await new Promise((resolve) => {
              if (current.iceGatheringState === "complete") return resolve();
              current.onicegatheringstatechange = () => current.iceGatheringState === "complete" && resolve();
              setTimeout(resolve, 1000);
            });
            if (current !== pc) return;
            postedAt = performance.now();
            const session = $("session").value || "default";
            // A 307/308 is followed with the same POST; Location is then relative to where it ended (response.url).
            const response = await fetch(`${server}/whep/${encodeURIComponent(session)}`, {
              method: "POST", redirect: "follow", headers: { ...auth, "Content-Type": "application/sdp" },
              body: current.localDescription.sdp,
            });
            if (current !== pc) return;
            if (response.status !== 201) {
              const problem = await response.json().catch(() => ({}));
              if (current !== pc) return;
              const detail = problem.detail || response.statusText;
              if (response.status >= 500 || response.status === 429 || response.status === 408) {
                return retry(`error ${response.status}: ${detail}`, retryAfterMs(response));
              }
              throw refusal(response.status, detail, session);
            }
            resource = new URL(response.headers.get("Location"), response.url).href;
            await current.setRemoteDescription({ type: "answer", sdp: await response.text() });
          } catch (error) {
            if (current !== pc) return;
            if (error instanceof Refusal) return giveUp(error.message);
            retry(error.message || String(error));
          }
        }

        function onConnectionState(current) {
          if (current !== pc) return;
          const state = current.connectionState;
          clearTimeout(disconnectedTimer);
          disconnectedTimer = null;
          if (state === "failed" || state === "closed") return retry(`connection ${state}`);
          show(state);
          if (state === "connected") connectedAt = performance.now();
          if (state === "disconnected") {
            disconnectedTimer = setTimeout(() => retry("disconnected for 3 s"), DISCONNECTED_GRACE_MS);
          }
        }

        function watchFrames(current) {
          const video = $("video");
          if (!video.requestVideoFrameCallback) return;
          video.cancelVideoFrameCallback(frameCallback);
          const onFrame = () => {
            if (current !== pc) return;
            frameCallback = video.requestVideoFrameCallback(onFrame);
            sawFrame();
          };
          frameCallback = video.requestVideoFrameCallback(onFrame);
        }

        function sawFrame(count = 1) {
          const now = performance.now();
          if (firstFrameAt === null) firstFrameAt = now;
          lastFrameAt = now;
          player.framesShown += count;
          attempt = 0;
          player.attempt = 0;
        }

        // Connected but no new frame for FRAME_STALL_MS (the server went away without a word): start again.
        function checkStall() {
          if (!pc || pc.connectionState !== "connected" || connectedAt === null) return;
          const since = Math.max(connectedAt, lastFrameAt || 0);
          if (performance.now() - since > FRAME_STALL_MS) retry(`no video for ${FRAME_STALL_MS / 1000} s`);
        }

        function retry(reason, atLeastMs = 0) {
          close();
          if (!watching) return;
          attempt++;
          player.attempt = attempt;
          player.retries++;
          const ceiling = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (attempt - 1));
          const delay = Math.max(atLeastMs, ceiling / 2 + (Math.random() * ceiling) / 2);
          show(`${reason} — reconnecting in ${(delay / 1000).toFixed(1)} s (attempt ${attempt})…`);
          retryTimer = setTimeout(() => {
            retryTimer = null;
            if (watching) connect();
          }, delay);
        }

        function giveUp(message) {
          stop();
          show(message);
        }

        // Ends the current connection (best-effort DELETE of its viewer); `watching` says whether another follows.
        function close() {
          clearTimeout(retryTimer);
          clearTimeout(disconnectedTimer);
          retryTimer = null; disconnectedTimer = null;
          if (resource) fetch(resource, { method: "DELETE", headers: auth }).catch(() => {});
          if (pc) pc.close();
          const video = $("video");
          if (video.cancelVideoFrameCallback) video.cancelVideoFrameCallback(frameCallback);
          pc = null; resource = null; previous = null; firstFrameAt = null; connectedAt = null; lastFrameAt = null;
        }

        function stop() {
          watching = false;
          close();
          $("play").disabled = false;
          $("stop").disabled = true;
          show("idle");
        }

        async function stats() {
          const current = pc;
          if (!current) return {};
          const report = await current.getStats();
          if (current !== pc) return {};
          let video = {}, pair = {};
          report.forEach((s) => {
            if (s.type === "inbound-rtp" && s.kind === "video") video = s;
            if (s.type === "candidate-pair" && s.nominated) pair = s;
          });
          const now = performance.now();
          let fps = 0, kbps = 0;
          if (previous) {
            const seconds = (now - previous.at) / 1000;
            fps = ((video.framesDecoded || 0) - previous.frames) / seconds;
            kbps = (((video.bytesReceived || 0) - previous.bytes) * 8) / seconds / 1000;
          }
          // Without requestVideoFrameCallback, decoded frames are what says the stream is alive.
          if (previous && !$("video").requestVideoFrameCallback && (video.framesDecoded || 0) > previous.frames) {
            sawFrame(video.framesDecoded - previous.frames);
          }
          previous = { at: now, frames: video.framesDecoded || 0, bytes: video.bytesReceived || 0 };
          return {
            fps: fps.toFixed(1), "bitrate kbit/s": kbps.toFixed(0),
            resolution: `${video.frameWidth || 0}×${video.frameHeight || 0}`,
            framesDecoded: video.framesDecoded || 0, framesDropped: video.framesDropped || 0,
            freezeCount: video.freezeCount || 0, packetsLost: video.packetsLost || 0,
            nackCount: video.nackCount || 0, pliCount: video.pliCount || 0,
            "jitter buffer ms": video.jitterBufferEmittedCount
              ? ((1000 * video.jitterBufferDelay) / video.jitterBufferEmittedCount).toFixed(1) : "–",
            "RTT ms": pair.currentRoundTripTime !== undefined ? (pair.currentRoundTripTime * 1000).toFixed(1) : "–",
            "first frame ms": firstFrameAt && postedAt ? (firstFrameAt - postedAt).toFixed(0) : "–",
          };
        }
        window.stats = stats;

        setInterval(async () => {
          checkStall();
          const values = await stats();
          $("stats").replaceChildren(...Object.entries(values).map(([name, value]) => {
            const row = document.createElement("tr");
            for (const text of [name, value]) row.insertCell().textContent = String(text);
            return row;
          }));
        }, 1000);
        $("play").onclick = play;
        $("stop").onclick = stop;
        addEventListener("pagehide", stop);
        loadSessions().then(() => { if (params.get("autoplay") !== null) play(); });
        """#
}
