/// The browser player served at `/`: plain HTML and JavaScript, no build step. Picks a session, plays it over
/// WHEP and shows live receive statistics from `getStats()`. `?token=` sends a bearer token where viewing is gated.
/// Its script and styles are files of their own (`/player.js`, `/player.css`), so the policy allows no inline code:
/// what `?server=` names is another server, and nothing it answers may run here.
enum PlayerPage {
    static let html = PageResponse.html(document)

    static let document = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Hypercube player</title>
        <link rel="stylesheet" href="/player.css">
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
        <script src="/player.js"></script>
        </body>
        </html>
        """#
}
