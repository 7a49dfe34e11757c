/// `/player.js`, the player page's script: lists the sessions (as text nodes, whoever serves the list), plays one
/// over WHEP and fills the statistics table.
enum PlayerScript {
    static let javascript = PageResponse.file(source, contentType: "text/javascript; charset=utf-8")

    static let source = #"""
        const params = new URLSearchParams(location.search);
        const server = params.get("server") || "";
        const auth = params.get("token") ? { Authorization: "Bearer " + params.get("token") } : {};
        const $ = (id) => document.getElementById(id);
        let pc = null, resource = null, previous = null, firstFrameAt = null, postedAt = null;

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
          if (params.get("session")) $("session").value = params.get("session");
        }

        async function play() {
          stop();
          pc = new RTCPeerConnection();
          pc.addTransceiver("video", { direction: "recvonly" });
          pc.addTransceiver("audio", { direction: "recvonly" });
          pc.ontrack = (event) => {
            if (event.track.kind === "video") {
              $("video").srcObject = event.streams[0] || new MediaStream([event.track]);
              const video = $("video");
              if (video.requestVideoFrameCallback) {
                video.requestVideoFrameCallback(() => { firstFrameAt = performance.now(); });
              }
            }
          };
          pc.onconnectionstatechange = () => { $("status").textContent = pc.connectionState; };
          await pc.setLocalDescription(await pc.createOffer());
          await new Promise((resolve) => {
            if (pc.iceGatheringState === "complete") return resolve();
            pc.onicegatheringstatechange = () => pc.iceGatheringState === "complete" && resolve();
            setTimeout(resolve, 1000);
          });
          postedAt = performance.now();
          const session = $("session").value || "default";
          const response = await fetch(`${server}/whep/${encodeURIComponent(session)}`, {
            method: "POST", headers: { ...auth, "Content-Type": "application/sdp" }, body: pc.localDescription.sdp,
          });
          if (response.status !== 201) {
            const problem = await response.json().catch(() => ({}));
            $("status").textContent = `error ${response.status}: ${problem.detail || response.statusText}`;
            return;
          }
          resource = new URL(response.headers.get("Location"), server || location.href).href;
          await pc.setRemoteDescription({ type: "answer", sdp: await response.text() });
          $("play").disabled = true;
          $("stop").disabled = false;
        }

        function stop() {
          if (resource) fetch(resource, { method: "DELETE" }).catch(() => {});
          if (pc) pc.close();
          pc = null; resource = null; previous = null; firstFrameAt = null;
          $("play").disabled = false;
          $("stop").disabled = true;
        }

        async function stats() {
          if (!pc) return {};
          const report = await pc.getStats();
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
