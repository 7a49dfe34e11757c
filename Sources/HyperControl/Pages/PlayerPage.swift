import HTTPTypes
import Hummingbird

/// The browser player served at `/`: plain HTML and JavaScript, no build step. Picks a session, plays it over
/// WHEP and shows live receive statistics from `getStats()`. `?token=` sends a bearer token where viewing is gated.
enum PlayerPage {
    static let html = Response(
        status: .ok,
        headers: [
            .contentType: "text/html; charset=utf-8",
            .contentSecurityPolicy: "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                + "connect-src *; media-src * blob:",
            .xContentTypeOptions: "nosniff",
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
        ],
        body: .init(byteBuffer: ByteBuffer(string: document))
    )

    static let document = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Hypercube player</title>
        <style>
          body { margin: 0; background: #05060f; color: #d8dcf0; font: 14px system-ui, sans-serif; }
          header { display: flex; gap: 12px; align-items: center; padding: 10px 16px; background: #0c0f22; }
          h1 { font-size: 16px; margin: 0 12px 0 0; }
          main { display: grid; grid-template-columns: 1fr 260px; gap: 16px; padding: 16px; }
          video { width: 100%; background: #000; border-radius: 6px; }
          table { width: 100%; border-collapse: collapse; }
          td { padding: 3px 4px; border-bottom: 1px solid #1b2040; }
          td:last-child { text-align: right; font-variant-numeric: tabular-nums; }
          button, select { font: inherit; padding: 4px 10px; }
          #status { opacity: 0.8; }
          @media (max-width: 800px) { main { grid-template-columns: 1fr; } }
        </style>
        </head>
        <body>
        <header>
          <h1>Hypercube</h1>
          <label>Session <select id="session"></select></label>
          <button id="play">Watch</button>
          <button id="stop" disabled>Stop</button>
          <span id="status">idle</span>
        </header>
        <main>
          <video id="video" autoplay playsinline muted></video>
          <table id="stats"></table>
        </main>
        <script>
        const params = new URLSearchParams(location.search);
        const server = params.get("server") || "";
        const auth = params.get("token") ? { Authorization: "Bearer " + params.get("token") } : {};
        const $ = (id) => document.getElementById(id);
        let pc = null, resource = null, previous = null, firstFrameAt = null, postedAt = null;

        async function loadSessions() {
          const response = await fetch(server + "/v1/sessions", { headers: auth });
          const { sessions } = await response.json();
          $("session").innerHTML = sessions.map((s) =>
            `<option value="${s.id}">${s.id} — ${s.scene} ${s.width}×${s.height} @ ${s.fps} fps</option>`).join("");
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
          $("stats").innerHTML = Object.entries(values).map(([k, v]) => `<tr><td>${k}</td><td>${v}</td></tr>`).join("");
        }, 1000);
        $("play").onclick = play;
        $("stop").onclick = stop;
        addEventListener("pagehide", stop);
        loadSessions().then(() => { if (params.get("autoplay") !== null) play(); });
        </script>
        </body>
        </html>
        """#
}
