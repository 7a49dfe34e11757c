/// `/xr.js`, the XR page's script: the pose, report and frame-timing messages of docs/xr.md on an unordered,
/// unreliable data channel (or the pose WebSocket where there is none, or with `?transport=websocket`); poses matched
/// to video frames by RTP timestamp for motion-to-photon; each eye drawn with WebGL where it was rendered for, so the
/// picture stays world-locked while the head turns. A lost stream is connected again, pose transport included, after
/// an exponential backoff with jitter; a refusal (404, 401, 403) stops it with the reason.
enum XRScript {
    static let javascript = PageResponse.file(source, contentType: "text/javascript; charset=utf-8")

    static let source = #"""
        "use strict";
        (() => {
          const params = new URLSearchParams(location.search);
          const server = params.get("server") || "";
          const auth = params.get("token") ? { Authorization: "Bearer " + params.get("token") } : {};
          const sessionName = params.get("session") || "default";
          // Poses go on a data channel, or on the pose WebSocket where there is none (docs/xr.md).
          const useWebSocket = params.get("transport") === "websocket"
            || typeof RTCPeerConnection.prototype.createDataChannel !== "function";
          const isOpen = (c) => !!c && (c.readyState === "open" || c.readyState === 1);
          const $ = (id) => document.getElementById(id);
          const canvas = $("canvas"), video = $("video"), hud = $("hud");

          // docs/xr.md: message types and sizes, little-endian.
          const POSE = 1, REPORT = 2, TIMING = 3;
          const POSE_BYTES = 60, REPORT_BYTES = 16, TIMING_BYTES = 56;
          const RING = 512;                     // sent poses kept for matching frames by RTP timestamp
          const KEPT_TIMINGS = 64;
          const KEPT_MOTION_TO_PHOTON = 200;
          const DEFAULT_EYE = { width: 640, height: 360 };
          const DEFAULT_FOV = 100;              // degrees, what the page asks for when it knows no display
          const FOV_MARGIN = 10;                // degrees beyond the display's, so reprojection has no black edges
          const INLINE_FOV = Math.PI / 2;       // the magic window's vertical field of view
          const PROJECTION_LATCH = 6;           // poses carrying a projection press, so one lost pose cannot swallow it
          const TURN_SPEED = 1.5, MOVE_SPEED = 1.0, DRAG_DEGREES_PER_PIXEL = 0.3, DEAD_ZONE = 0.1;
          const DEG = 180 / Math.PI;
          // A lost stream is retried after 0.5 s, doubling to 8 s, jittered; a connection that showed frames resets it.
          const RETRY_FIRST_MS = 500, RETRY_MAX_MS = 8000, DISCONNECTED_GRACE_MS = 3000, FRAME_STALL_MS = 5000;

          // ---------------------------------------- wire format

          function encodePose(fields) {
            const bytes = new Uint8Array(POSE_BYTES);
            const view = new DataView(bytes.buffer);
            view.setUint8(0, POSE);
            view.setUint8(1, fields.buttons || 0);
            view.setUint16(2, fields.ipd || 0, true);
            view.setUint32(4, fields.poseId >>> 0, true);
            view.setFloat64(8, fields.sampleTime, true);
            const axes = [...(fields.axes || []), 0, 0, 0, 0].slice(0, 4);
            const floats = [...fields.position.slice(0, 3), ...fields.orientation.slice(0, 4), ...axes];
            for (let i = 0; i < 11; i++) view.setFloat32(16 + 4 * i, floats[i], true);
            return bytes;
          }

          function encodeReport(fields) {
            const bytes = new Uint8Array(REPORT_BYTES);
            const view = new DataView(bytes.buffer);
            view.setUint8(0, REPORT);
            view.setUint16(2, Math.min(0xffff, fields.repeated), true);
            view.setUint32(4, fields.poseId >>> 0, true);
            view.setFloat32(8, fields.motionToPhotonMs, true);
            view.setFloat32(12, fields.residualDegrees, true);
            return bytes;
          }

          function asBytes(data) {
            if (data instanceof ArrayBuffer) return new Uint8Array(data);
            if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
            return Uint8Array.from(data);
          }

          function decodeTiming(data) {
            const bytes = asBytes(data);
            if (bytes.length !== TIMING_BYTES || bytes[0] !== TIMING) return null;
            const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
            return {
              poseId: view.getUint32(4, true),
              rtpTimestamp: view.getUint32(8, true),
              receivedToRenderMs: view.getFloat32(12, true),
              renderMs: view.getFloat32(16, true),
              encodeMs: view.getFloat32(20, true),
              receivedToWireMs: view.getFloat32(24, true),
              // The head the frame was drawn for: the pose's, predicted forward by the measured latency.
              position: [0, 1, 2].map((i) => view.getFloat32(28 + 4 * i, true)),
              orientation: [0, 1, 2, 3].map((i) => view.getFloat32(40 + 4 * i, true)),
            };
          }

          // A frame's RTP timestamp is its pose's sample time on the 90 kHz clock, modulo 2^32.
          const rtpTimestampOf = (sampleTime) => Math.round(sampleTime * 90) >>> 0;

          // ---------------------------------------- quaternions, matrices

          const quatMultiply = (a, b) => [
            a[3] * b[0] + a[0] * b[3] + a[1] * b[2] - a[2] * b[1],
            a[3] * b[1] - a[0] * b[2] + a[1] * b[3] + a[2] * b[0],
            a[3] * b[2] + a[0] * b[1] - a[1] * b[0] + a[2] * b[3],
            a[3] * b[3] - a[0] * b[0] - a[1] * b[1] - a[2] * b[2],
          ];
          const quatConjugate = (q) => [-q[0], -q[1], -q[2], q[3]];
          const quatAxisAngle = (axis, angle) => {
            const s = Math.sin(angle / 2);
            return [axis[0] * s, axis[1] * s, axis[2] * s, Math.cos(angle / 2)];
          };
          const quatAngleDegrees = (a, b) => {
            const dot = Math.abs(a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3]);
            return 2 * Math.acos(Math.min(1, dot)) * DEG;
          };
          // Column-major, as WebGL and XRView.projectionMatrix have them.
          const matrixOfQuat = ([x, y, z, w]) => new Float32Array([
            1 - 2 * (y * y + z * z), 2 * (x * y + z * w), 2 * (x * z - y * w), 0,
            2 * (x * y - z * w), 1 - 2 * (x * x + z * z), 2 * (y * z + x * w), 0,
            2 * (x * z + y * w), 2 * (y * z - x * w), 1 - 2 * (x * x + y * y), 0,
            0, 0, 0, 1,
          ]);
          const matrixMultiply = (a, b) => {
            const out = new Float32Array(16);
            for (let column = 0; column < 4; column++) {
              for (let row = 0; row < 4; row++) {
                let sum = 0;
                for (let k = 0; k < 4; k++) sum += a[k * 4 + row] * b[column * 4 + k];
                out[column * 4 + row] = sum;
              }
            }
            return out;
          };
          const perspective = (fovY, aspect, near, far) => {
            const f = 1 / Math.tan(fovY / 2);
            return new Float32Array([
              f / aspect, 0, 0, 0,
              0, f, 0, 0,
              0, 0, (far + near) / (near - far), -1,
              0, 0, (2 * far * near) / (near - far), 0,
            ]);
          };
          // The vertical field of view of a (possibly asymmetric) projection matrix, degrees.
          const verticalFov = (m) => (Math.atan((1 + m[9]) / m[5]) + Math.atan((1 - m[9]) / m[5])) * DEG;
          const xyz = (p) => [p.x, p.y, p.z];
          const xyzw = (q) => [q.x, q.y, q.z, q.w];

          // ---------------------------------------- state seen by tests

          const xr = (window.xr = {
            state: "idle",
            mode: null,
            eye: null,
            fov: null,
            posesSent: 0,
            framesReceived: 0,
            framesDrawn: 0,
            repeatedFrames: 0,
            motionToPhotonMs: [],
            residualDegrees: [],
            lastTiming: null,
            timingsReceived: 0,
            pose: null,
            location: null,
            error: null,
            connections: 0,
            retries: 0,
            attempt: 0,
            encodePose,
            decodeTiming,
            enter,
            leave,
          });
          const setState = (state) => {
            xr.state = state;
            $("status").textContent = state;
          };

          // ---------------------------------------- the magic window's head

          const head = { yaw: 0, pitch: 0, position: [0, 0, 0] };
          const keys = new Set();
          let shiftHeld = false, drag = null, projectionLatch = 0, projectionHeld = false, hudHeld = false;

          addEventListener("keydown", (event) => {
            keys.add(event.code);
            shiftHeld = event.shiftKey;
            if (event.code.startsWith("Arrow")) event.preventDefault();
            if (event.repeat) return;
            if (event.code === "KeyP") projectionLatch = PROJECTION_LATCH;
            if (event.code === "KeyH") hud.hidden = !hud.hidden;
          });
          addEventListener("keyup", (event) => {
            keys.delete(event.code);
            shiftHeld = event.shiftKey;
          });
          addEventListener("blur", () => {
            keys.clear();
            shiftHeld = false;
          });
          canvas.addEventListener("pointerdown", (event) => {
            drag = { x: event.clientX, y: event.clientY };
            canvas.setPointerCapture(event.pointerId);
          });
          canvas.addEventListener("pointermove", (event) => {
            if (!drag) return;
            head.yaw -= ((event.clientX - drag.x) * DRAG_DEGREES_PER_PIXEL) / DEG;
            head.pitch -= ((event.clientY - drag.y) * DRAG_DEGREES_PER_PIXEL) / DEG;
            drag = { x: event.clientX, y: event.clientY };
          });
          canvas.addEventListener("pointerup", () => { drag = null; });

          function stepHead(seconds) {
            const held = (code) => (keys.has(code) ? 1 : 0);
            head.yaw += (held("ArrowLeft") - held("ArrowRight")) * TURN_SPEED * seconds;
            head.pitch += (held("ArrowUp") - held("ArrowDown")) * TURN_SPEED * seconds;
            head.pitch = Math.max(-1.5, Math.min(1.5, head.pitch));
            const forward = (held("KeyW") - held("KeyS")) * MOVE_SPEED * seconds;
            const right = (held("KeyD") - held("KeyA")) * MOVE_SPEED * seconds;
            const sin = Math.sin(head.yaw), cos = Math.cos(head.yaw);
            head.position[0] += -sin * forward + cos * right;
            head.position[2] += -cos * forward - sin * right;
          }

          const headOrientation = () =>
            quatMultiply(quatAxisAngle([0, 1, 0], head.yaw), quatAxisAngle([1, 0, 0], head.pitch));

          // Keys 1/2/3 (shift: negative) and thumbsticks: rotation speed in the xw, yw and zw planes.
          function keyAxes() {
            const sign = shiftHeld ? -1 : 1;
            return ["Digit1", "Digit2", "Digit3"].map((code) => (keys.has(code) ? sign : 0));
          }

          // Controllers: a right stick's x/y turn xw/yw, a left stick's x turns zw; the first button cycles the
          // projection, another toggles the HUD. Each control: { x, y, left, project, toggle }.
          function readControllers(controls) {
            const axes = [0, 0, 0];
            let project = false, toggle = false;
            const stick = (value) => (Math.abs(value || 0) < DEAD_ZONE ? 0 : value);
            for (const control of controls) {
              if (control.left) axes[2] += stick(control.x);
              else { axes[0] += stick(control.x); axes[1] += stick(control.y); }
              project = project || control.project;
              toggle = toggle || control.toggle;
            }
            if (project && !projectionHeld) projectionLatch = PROJECTION_LATCH;
            if (toggle && !hudHeld) hud.hidden = !hud.hidden;
            projectionHeld = project;
            hudHeld = toggle;
            return axes;
          }

          const pressed = (pad, index) => Boolean(pad.buttons[index] && pad.buttons[index].pressed);

          // xr-standard controllers: thumbstick on axes 2/3, trigger is button 0, A/X is button 4.
          function xrControls(session) {
            const controls = [];
            for (const source of session.inputSources) {
              const pad = source.gamepad;
              if (!pad) continue;
              controls.push({
                x: pad.axes[2], y: pad.axes[3], left: source.handedness === "left",
                project: pressed(pad, 0), toggle: pressed(pad, 4),
              });
            }
            return controls;
          }

          // Standard gamepads (magic window): sticks on axes 0/1 (left) and 2/3 (right), A is button 0, Y is button 3.
          function gamepadControls() {
            const controls = [];
            for (const pad of (navigator.getGamepads ? navigator.getGamepads() : [])) {
              if (!pad) continue;
              controls.push({
                x: pad.axes[2], y: pad.axes[3], left: false, project: pressed(pad, 0), toggle: pressed(pad, 3),
              });
              controls.push({ x: pad.axes[0], y: pad.axes[1], left: true, project: false, toggle: false });
            }
            return controls;
          }

          // Keys and controllers together: the pose's axes field.
          const controlAxes = (controls) => {
            const keyed = keyAxes(), sticks = readControllers(controls);
            return keyed.map((value, i) => Math.max(-1, Math.min(1, value + sticks[i])));
          };

          // ---------------------------------------- poses sent

          const ring = new Array(RING);
          const posesByRtp = new Map();
          let nextPoseId = 1;

          function remember(pose) {
            const slot = pose.poseId % RING;
            if (ring[slot]) posesByRtp.delete(ring[slot].rtp);
            ring[slot] = pose;
            posesByRtp.set(pose.rtp, pose);
          }

          function poseWithId(poseId) {
            const pose = ring[poseId % RING];
            return pose && pose.poseId === poseId ? pose : undefined;
          }

          // A pose never waits behind an older one: while anything is still buffered, this frame's pose is skipped.
          function sendPose(fields) {
            if (!isOpen(channel) || channel.bufferedAmount > 0) return;
            fields.poseId = nextPoseId;
            channel.send(encodePose(fields));
            nextPoseId = (nextPoseId + 1) >>> 0;
            xr.posesSent++;
            remember({
              poseId: fields.poseId, sampleTime: fields.sampleTime, rtp: rtpTimestampOf(fields.sampleTime),
              orientation: fields.orientation,
            });
          }

          // ---------------------------------------- video frames

          const timings = [];
          const frameTimes = [];
          const recentMotionToPhoton = [];
          let videoCallback = 0, latestFrame = null, drawnFrame = null, drawnSerial = 0, frameSerial = 0;
          let repeatedSinceReport = 0, lastDrawn = null;

          function onVideoFrame(now, metadata) {
            videoCallback = video.requestVideoFrameCallback(onVideoFrame);
            frameSerial++;
            xr.framesReceived++;
            frameTimes.push(performance.now());
            lastFrameAt = performance.now();
            attempt = 0;
            xr.attempt = 0;
            const rtp = metadata.rtpTimestamp;
            let pose = rtp === undefined ? undefined : posesByRtp.get(rtp >>> 0);
            if (!pose && rtp !== undefined) {
              // A frame rendered from an older pose has an extrapolated timestamp; its timing message names the pose.
              const timing = timings.find((t) => t.rtpTimestamp === rtp >>> 0);
              if (timing) pose = poseWithId(timing.poseId);
            }
            latestFrame = { serial: frameSerial, rtp, pose };
          }

          // The orientation a frame was rendered for: the server's prediction from its timing message when that has
          // arrived, else the pose the page sent.
          function renderedOrientation(frame) {
            if (!frame.rendered && frame.rtp !== undefined) {
              const timing = timings.find((t) => t.rtpTimestamp === frame.rtp >>> 0);
              if (timing) frame.rendered = timing.orientation;
            }
            return frame.rendered || (frame.pose && frame.pose.orientation);
          }

          function onMessage(data) {
            const timing = decodeTiming(data);
            if (!timing) return;
            timings.push(timing);
            if (timings.length > KEPT_TIMINGS) timings.shift();
            xr.lastTiming = timing;
            xr.timingsReceived++;
          }

          // ---------------------------------------- WebGL

          let gl = null, program = null, texture = null, hudTexture = null, hudUploaded = false, uniforms = null;
          const hudCanvas = document.createElement("canvas");
          hudCanvas.width = 512;
          hudCanvas.height = 128;

          const VERTEX_SHADER = `
            attribute vec2 corner;
            uniform mat4 transform;
            uniform vec4 rect;
            uniform vec4 uvRect;
            varying vec2 uv;
            void main() {
              vec2 unit = corner * 0.5 + 0.5;
              uv = vec2(mix(uvRect.x, uvRect.z, unit.x), mix(uvRect.w, uvRect.y, unit.y));
              gl_Position = transform * vec4(mix(rect.xy, rect.zw, unit), -1.0, 1.0);
            }`;
          const FRAGMENT_SHADER = `
            precision mediump float;
            uniform sampler2D image;
            varying vec2 uv;
            void main() { gl_FragColor = texture2D(image, uv); }`;

          function setUpGL() {
            if (gl) return gl;
            gl = canvas.getContext("webgl", { xrCompatible: true, alpha: false, antialias: false });
            if (!gl) throw new Error("this browser has no WebGL");
            const compile = (type, source) => {
              const shader = gl.createShader(type);
              gl.shaderSource(shader, source);
              gl.compileShader(shader);
              if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(shader));
              return shader;
            };
            program = gl.createProgram();
            gl.attachShader(program, compile(gl.VERTEX_SHADER, VERTEX_SHADER));
            gl.attachShader(program, compile(gl.FRAGMENT_SHADER, FRAGMENT_SHADER));
            gl.linkProgram(program);
            if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(program));
            uniforms = Object.fromEntries(
              ["transform", "rect", "uvRect", "image"].map((name) => [name, gl.getUniformLocation(program, name)]));
            const corners = gl.createBuffer();
            gl.bindBuffer(gl.ARRAY_BUFFER, corners);
            gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 1, -1, -1, 1, 1, 1]), gl.STATIC_DRAW);
            const location = gl.getAttribLocation(program, "corner");
            gl.enableVertexAttribArray(location);
            gl.vertexAttribPointer(location, 2, gl.FLOAT, false, 0, 0);
            const makeTexture = () => {
              const made = gl.createTexture();
              gl.bindTexture(gl.TEXTURE_2D, made);
              gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
              gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
              gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
              gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
              return made;
            };
            texture = makeTexture();
            hudTexture = makeTexture();
            return gl;
          }

          function drawQuad(transform, rect, uvRect, image) {
            gl.bindTexture(gl.TEXTURE_2D, image);
            gl.uniformMatrix4fv(uniforms.transform, false, transform);
            gl.uniform4fv(uniforms.rect, rect);
            gl.uniform4fv(uniforms.uvRect, uvRect);
            gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
          }

          // Each eye's half of the side-by-side frame is a quad at the orientation it was rendered for, as wide as the
          // render's field of view: drawn from the current view, it stays world-locked while the head turns.
          function drawViews(framebuffer, views) {
            gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
            gl.clearColor(0, 0, 0, 1);
            gl.clear(gl.COLOR_BUFFER_BIT);
            if (!drawnFrame) return;
            gl.useProgram(program);
            gl.uniform1i(uniforms.image, 0);
            gl.activeTexture(gl.TEXTURE0);
            const tanY = Math.tan((xr.fov / 2) / DEG);
            const eyeWidth = video.videoWidth ? video.videoWidth / 2 : xr.eye.width;
            const eyeHeight = video.videoHeight || xr.eye.height;
            const tanX = tanY * (eyeWidth / eyeHeight);
            const stereo = views.length === 2;
            for (const view of views) {
              const { x, y, width, height } = view.viewport;
              gl.viewport(x, y, width, height);
              const rendered = renderedOrientation(drawnFrame) || view.orientation;
              const delta = matrixOfQuat(quatMultiply(quatConjugate(view.orientation), rendered));
              const half = stereo && view.eye === "right" ? 0.5 : 0;
              const eyeHalf = [half, 0, half + 0.5, 1];
              drawQuad(matrixMultiply(view.projection, delta), [-tanX, -tanY, tanX, tanY], eyeHalf, texture);
              if (xr.mode === "immersive" && hudUploaded && !hud.hidden) {
                gl.enable(gl.BLEND);
                gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
                drawQuad(view.projection, [-0.4, -0.5, 0.4, -0.3], [0, 0, 1, 1], hudTexture);
                gl.disable(gl.BLEND);
              }
            }
          }

          function uploadHud(lines) {
            const context = hudCanvas.getContext("2d");
            context.clearRect(0, 0, hudCanvas.width, hudCanvas.height);
            context.fillStyle = "rgba(0, 0, 0, 0.6)";
            context.fillRect(0, 0, hudCanvas.width, hudCanvas.height);
            context.fillStyle = "#d8dcf0";
            context.font = "22px monospace";
            lines.forEach((line, i) => context.fillText(line, 12, 28 + 24 * i));
            gl.bindTexture(gl.TEXTURE_2D, hudTexture);
            gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, hudCanvas);
            hudUploaded = true;
          }

          // ---------------------------------------- one frame

          let connectRequested = false, lastTime = null;

          // `views`: each with its viewport, projection matrix and orientation in the space the head pose is in.
          function frame(time, headPose, views, ipdMetres, framebuffer, axes) {
            if (connectRequested) {
              connectRequested = false;
              connect(views).catch(fail);
            }
            const fields = {
              buttons: keys.has("KeyP") || projectionLatch > 0 ? 1 : 0,
              ipd: Math.min(0xffff, Math.round(ipdMetres * 10000)),
              poseId: 0,
              sampleTime: time,
              position: headPose.position,
              orientation: headPose.orientation,
              axes: [...axes, 0],
            };
            if (projectionLatch > 0) projectionLatch--;
            xr.pose = fields;
            sendPose(fields);

            if (latestFrame && latestFrame.serial !== drawnSerial && video.readyState >= 2) {
              gl.bindTexture(gl.TEXTURE_2D, texture);
              gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, video);
              drawnSerial = latestFrame.serial;
              drawnFrame = latestFrame;
              drawViews(framebuffer, views);
              xr.framesDrawn++;
              if (drawnFrame.pose) {
                const now = performance.now();
                const motionToPhoton = now - drawnFrame.pose.sampleTime;
                const residual = quatAngleDegrees(renderedOrientation(drawnFrame), headPose.orientation);
                lastDrawn = { poseId: drawnFrame.pose.poseId, motionToPhoton, residual };
                xr.motionToPhotonMs.push(motionToPhoton);
                xr.residualDegrees.push(residual);
                if (xr.motionToPhotonMs.length > KEPT_MOTION_TO_PHOTON) xr.motionToPhotonMs.shift();
                if (xr.residualDegrees.length > KEPT_MOTION_TO_PHOTON) xr.residualDegrees.shift();
                recentMotionToPhoton.push({ at: now, value: motionToPhoton });
              }
            } else {
              drawViews(framebuffer, views);
              if (drawnFrame) {
                xr.repeatedFrames++;
                repeatedSinceReport++;
              }
            }
          }

          function advanceHead(time) {
            stepHead(lastTime === null ? 0 : Math.min(0.1, (time - lastTime) / 1000));
            lastTime = time;
          }

          // ---------------------------------------- sessions

          let xrSession = null, referenceSpace = null, running = false;

          function eyeParameter() {
            const match = /^(\d+)x(\d+)$/.exec(params.get("eye") || "");
            return match ? { width: Number(match[1]), height: Number(match[2]) } : null;
          }
          const even = (value) => Math.max(64, Math.min(2048, 2 * Math.round(value / 2)));

          function onXRFrame(time, xrFrame) {
            const session = xrFrame.session;
            if (session !== xrSession) return;
            session.requestAnimationFrame(onXRFrame);
            advanceHead(time);
            const viewerPose = xrFrame.getViewerPose(referenceSpace);
            if (!viewerPose) return;
            const layer = session.renderState.baseLayer;
            const immersive = xr.mode === "immersive";
            const headPose = immersive
              ? { position: xyz(viewerPose.transform.position), orientation: xyzw(viewerPose.transform.orientation) }
              : { position: [...head.position], orientation: headOrientation() };
            const views = viewerPose.views.map((view) => ({
              eye: view.eye,
              viewport: layer.getViewport(view),
              projection: view.projectionMatrix,
              orientation: immersive ? xyzw(view.transform.orientation) : headPose.orientation,
            }));
            const ipd = viewerPose.views.length === 2
              ? Math.hypot(...[0, 1, 2].map((i) =>
                xyz(viewerPose.views[0].transform.position)[i] - xyz(viewerPose.views[1].transform.position)[i]))
              : 0;
            const controls = immersive ? xrControls(session) : xrControls(session).concat(gamepadControls());
            frame(time, headPose, views, ipd, layer.framebuffer, controlAxes(controls));
          }

          function onAnimationFrame(time) {
            if (!running || xrSession) return;
            requestAnimationFrame(onAnimationFrame);
            advanceHead(time);
            fitCanvas();
            const orientation = headOrientation();
            const view = {
              eye: "none",
              viewport: { x: 0, y: 0, width: canvas.width, height: canvas.height },
              projection: perspective(INLINE_FOV, canvas.width / canvas.height, 0.1, 100),
              orientation,
            };
            frame(time, { position: [...head.position], orientation }, [view], 0, null, controlAxes(gamepadControls()));
          }

          function fitCanvas() {
            const width = Math.max(1, Math.round(canvas.clientWidth * devicePixelRatio));
            const height = Math.max(1, Math.round(canvas.clientHeight * devicePixelRatio));
            if (canvas.width !== width || canvas.height !== height) {
              canvas.width = width;
              canvas.height = height;
            }
          }

          async function enter({ connect: shouldConnect = true } = {}) {
            if (running) return xr.mode;
            running = true;
            xr.error = null;
            xr.location = null;
            $("enter").disabled = true;
            $("leave").disabled = false;
            try {
              setUpGL();
              fitCanvas();
              xrSession = await startXRSession();
              connectRequested = shouldConnect;
              if (xrSession) {
                xrSession.requestAnimationFrame(onXRFrame);
              } else {
                xr.mode = "fallback";
                requestAnimationFrame(onAnimationFrame);
              }
              setState(xr.mode);
            } catch (error) {
              fail(error);
            }
            return xr.mode;
          }

          // immersive-vr where the device has it, else an inline session on the canvas; null where there is no WebXR.
          async function startXRSession() {
            if (!navigator.xr) return null;
            const immersive = await navigator.xr.isSessionSupported("immersive-vr").catch(() => false);
            if (immersive) {
              try {
                const session = await navigator.xr.requestSession("immersive-vr");
                await gl.makeXRCompatible();
                session.updateRenderState({ baseLayer: new XRWebGLLayer(session, gl), depthNear: 0.1, depthFar: 100 });
                referenceSpace = await session.requestReferenceSpace("local");
                session.addEventListener("end", () => leave());
                xr.mode = "immersive";
                return session;
              } catch (error) {
                console.warn("immersive-vr failed, using the magic window:", String(error));
              }
            }
            try {
              const session = await navigator.xr.requestSession("inline");
              const baseLayer = new XRWebGLLayer(session, gl);
              session.updateRenderState({ baseLayer, inlineVerticalFieldOfView: INLINE_FOV });
              referenceSpace = await session.requestReferenceSpace("viewer");
              session.addEventListener("end", () => leave());
              xr.mode = "inline";
              return session;
            } catch (error) {
              console.warn("no inline XR session, using requestAnimationFrame:", String(error));
              return null;
            }
          }

          // ---------------------------------------- WHEP

          let pc = null, channel = null, attempt = 0, retryTimer = null, disconnectedTimer = null;
          let connectedAt = null, lastFrameAt = null;

          // A POST answer that retrying cannot change: stop and say why.
          class Refusal extends Error {}

          function refusal(status, detail) {
            if (status === 404) return new Refusal(`no such session "${sessionName}" (404): ${detail}`);
            if (status === 401 || status === 403) {
              return new Refusal(`not allowed to watch "${sessionName}" (${status}): ${detail}`);
            }
            return new Refusal(`${status}: ${detail}`);
          }

          // Retry-After in seconds or as an HTTP date; 0 where there is none.
          function retryAfterMs(response) {
            const value = response.headers.get("Retry-After");
            if (!value) return 0;
            const seconds = Number(value);
            const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
            return Number.isFinite(ms) ? Math.max(0, ms) : 0;
          }

          async function connect(views) {
            const first = views[0];
            xr.eye = eyeParameter() || (xr.mode === "immersive"
              ? { width: first.viewport.width, height: first.viewport.height } : DEFAULT_EYE);
            xr.eye = { width: even(xr.eye.width), height: even(xr.eye.height) };
            const displayFov = xr.mode === "immersive" ? verticalFov(first.projection) : INLINE_FOV * DEG;
            const fovParameter = Number(params.get("fov"));
            xr.fov = Math.max(30, Math.min(150, Math.round(fovParameter || displayFov + FOV_MARGIN || DEFAULT_FOV)));
            disconnect();
            setState("connecting");
            const current = (pc = new RTCPeerConnection());
            xr.connections++;
            const transceiver = pc.addTransceiver("video", { direction: "recvonly" });
            keepNoJitterBuffer(transceiver.receiver);
            if (!useWebSocket) {
              watchPoseChannel(current, pc.createDataChannel("pose", { ordered: false, maxRetransmits: 0 }));
            }
            pc.ontrack = (event) => {
              if (current !== pc) return;
              keepNoJitterBuffer(event.receiver);
              video.srcObject = new MediaStream([event.track]);
              video.play().catch(() => {});
              video.cancelVideoFrameCallback(videoCallback);
              videoCallback = video.requestVideoFrameCallback(onVideoFrame);
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
              // A 307/308 is followed with the same POST; Location is then relative to where it ended (response.url).
              const query = `mode=xr&eye=${xr.eye.width}x${xr.eye.height}&fov=${xr.fov}`;
              const response = await fetch(`${server}/whep/${encodeURIComponent(sessionName)}?${query}`, {
                method: "POST", redirect: "follow", headers: { ...auth, "Content-Type": "application/sdp" },
                body: current.localDescription.sdp,
              });
              if (current !== pc) return;
              if (response.status !== 201) {
                const problem = await response.json().catch(() => ({}));
                if (current !== pc) return;
                const detail = problem.detail || response.statusText;
                if (response.status >= 500 || response.status === 429 || response.status === 408) {
                  return reconnect(`${response.status}: ${detail}`, retryAfterMs(response));
                }
                throw refusal(response.status, detail);
              }
              xr.location = new URL(response.headers.get("Location"), response.url).href;
              await current.setRemoteDescription({ type: "answer", sdp: await response.text() });
              if (useWebSocket && current === pc) {
                const url = new URL(xr.location + "/pose");
                url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
                const token = params.get("token");
                const protocols = ["hypercube-pose"].concat(token ? ["bearer." + token] : []);
                watchPoseChannel(current, new WebSocket(url.href, protocols));
              }
            } catch (error) {
              if (current !== pc) return;
              if (error instanceof Refusal) {
                disconnect();
                return fail(error);
              }
              reconnect(error && error.message ? error.message : String(error));
            }
          }

          function onConnectionState(current) {
            if (current !== pc) return;
            const state = current.connectionState;
            clearTimeout(disconnectedTimer);
            disconnectedTimer = null;
            if (state === "failed" || state === "closed") return reconnect(`connection ${state}`);
            if (state === "connected") connectedAt = performance.now();
            if (state === "disconnected") {
              disconnectedTimer = setTimeout(() => reconnect("disconnected for 3 s"), DISCONNECTED_GRACE_MS);
            }
          }

          // Connected but no new frame for FRAME_STALL_MS (the server went away without a word): start again.
          function checkStall() {
            if (!pc || pc.connectionState !== "connected" || connectedAt === null) return;
            const since = Math.max(connectedAt, lastFrameAt || 0);
            if (performance.now() - since > FRAME_STALL_MS) reconnect(`no video for ${FRAME_STALL_MS / 1000} s`);
          }

          // Drops the connection and asks the next frame for a new one after the backoff.
          function reconnect(reason, atLeastMs = 0) {
            disconnect();
            if (!running) return;
            attempt++;
            xr.attempt = attempt;
            xr.retries++;
            const ceiling = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (attempt - 1));
            const delay = Math.max(atLeastMs, ceiling / 2 + (Math.random() * ceiling) / 2);
            setState(`${reason} — reconnecting in ${(delay / 1000).toFixed(1)} s (attempt ${attempt})…`);
            retryTimer = setTimeout(() => {
              retryTimer = null;
              if (running) connectRequested = true;
            }, delay);
          }

          // Ends the connection and its pose transport (best-effort DELETE of the viewer); the XR session goes on.
          function disconnect() {
            clearTimeout(retryTimer);
            clearTimeout(disconnectedTimer);
            retryTimer = null; disconnectedTimer = null;
            if (xr.location) fetch(xr.location, { method: "DELETE", headers: auth }).catch(() => {});
            const closing = { pc, channel };
            pc = null; channel = null; xr.location = null;
            connectedAt = null; lastFrameAt = null; previousBytes = null; lastDrawn = null; repeatedSinceReport = 0;
            if (closing.channel instanceof WebSocket) closing.channel.close();
            if (closing.pc) closing.pc.close();
          }

          // The data channel and the WebSocket share what the page uses: send, bufferedAmount, the events.
          function watchPoseChannel(current, opened) {
            channel = opened;
            opened.binaryType = "arraybuffer";
            opened.onmessage = (event) => onMessage(event.data);
            opened.onopen = () => { if (opened === channel) setState("streaming"); };
            opened.onclose = () => {
              if (running && opened === channel && current === pc) reconnect("pose channel closed");
            };
          }

          function keepNoJitterBuffer(receiver) {
            if ("jitterBufferTarget" in receiver) receiver.jitterBufferTarget = 0;
            if ("playoutDelayHint" in receiver) receiver.playoutDelayHint = 0;
          }

          function fail(error) {
            xr.error = String(error && error.message ? error.message : error);
            setState("error: " + xr.error);
          }

          function leave() {
            if (!running) return;
            running = false;
            disconnect();
            const session = xrSession;
            xrSession = null;
            if (session) session.end().catch(() => {});
            latestFrame = null; drawnFrame = null; lastTime = null; connectRequested = false;
            attempt = 0;
            xr.attempt = 0;
            video.cancelVideoFrameCallback(videoCallback);
            video.srcObject = null;
            $("enter").disabled = false;
            $("leave").disabled = true;
            setState("idle");
          }

          // ---------------------------------------- once a second

          function sendReport() {
            if (!lastDrawn || !isOpen(channel) || channel.bufferedAmount > 0) return;
            channel.send(encodeReport({
              repeated: repeatedSinceReport, poseId: lastDrawn.poseId,
              motionToPhotonMs: lastDrawn.motionToPhoton, residualDegrees: lastDrawn.residual,
            }));
            repeatedSinceReport = 0;
          }

          let previousBytes = null;
          async function bitrate() {
            if (!pc) return 0;
            let bytes = 0;
            (await pc.getStats()).forEach((stats) => {
              if (stats.type === "inbound-rtp" && stats.kind === "video") bytes = stats.bytesReceived || 0;
            });
            const now = performance.now();
            const kbps = previousBytes ? ((bytes - previousBytes.bytes) * 8) / (now - previousBytes.at) : 0;
            previousBytes = { at: now, bytes };
            return kbps;
          }

          const median = (values) => {
            if (!values.length) return NaN;
            const sorted = [...values].sort((a, b) => a - b);
            return sorted[Math.floor(sorted.length / 2)];
          };
          const figure = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "–");

          setInterval(async () => {
            checkStall();
            sendReport();
            const since = performance.now() - 1000;
            while (frameTimes.length && frameTimes[0] < since) frameTimes.shift();
            while (recentMotionToPhoton.length && recentMotionToPhoton[0].at < since) recentMotionToPhoton.shift();
            const lines = [
              `video ${frameTimes.length} fps  ${figure(await bitrate(), 0)} kbit/s`,
              `motion→photon p50 ${figure(median(recentMotionToPhoton.map((entry) => entry.value)))} ms`,
              `pose→wire ${figure(xr.lastTiming ? xr.lastTiming.receivedToWireMs : NaN)} ms`,
              `poses ${xr.posesSent}  drawn ${xr.framesDrawn}  repeated ${xr.repeatedFrames}`,
            ];
            hud.textContent = lines.join("\n");
            if (gl && xr.mode === "immersive" && !hud.hidden) uploadHud(lines);
          }, 1000);

          $("enter").onclick = () => enter();
          $("leave").onclick = () => leave();
          addEventListener("pagehide", leave);
        })();
        """#
}
