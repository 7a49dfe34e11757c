/// The WebXR viewer served at `/xr`: joins a session as an XR viewer (docs/xr.md), sends the head pose on every XR
/// frame and draws the stereo stream reprojected to the current head pose. Immersive where the browser has a headset,
/// an inline "magic window" on a canvas otherwise. Same query parameters and policy as the player (`?server=`,
/// `?token=`, `?session=`), plus `?eye=WxH` and `?fov=`; its script and styles are files of their own.
enum XRPage {
    static let html = PageResponse.html(document)

    static let document = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Hypercube XR</title>
        <link rel="stylesheet" href="/xr.css">
        </head>
        <body>
        <header>
          <h1>Hypercube XR</h1>
          <button id="enter">Enter XR</button>
          <button id="leave" disabled>Leave</button>
          <span id="status">idle</span>
        </header>
        <main>
          <canvas id="canvas"></canvas>
          <pre id="hud"></pre>
          <video id="video" playsinline muted></video>
        </main>
        <footer>
          Drag or arrow keys: look · WASD: move · 1 2 3 (shift: back): rotate in xw yw zw · P: projection · H: HUD
        </footer>
        <script src="/xr.js"></script>
        </body>
        </html>
        """#
}
