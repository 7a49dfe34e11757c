/// `/xr.css`, the XR page's styles.
enum XRStylesheet {
    static let css = PageResponse.file(source, contentType: "text/css; charset=utf-8")

    static let source = #"""
          html, body { height: 100%; }
          body {
            margin: 0; display: flex; flex-direction: column; background: #05060f; color: #d8dcf0;
            font: 14px system-ui, sans-serif;
          }
          header { display: flex; gap: 12px; align-items: center; padding: 10px 16px; background: #0c0f22; }
          h1 { font-size: 16px; margin: 0 12px 0 0; }
          button { font: inherit; padding: 4px 10px; }
          #status { opacity: 0.8; }
          main { position: relative; flex: 1; min-height: 0; }
          canvas { display: block; width: 100%; height: 100%; background: #000; touch-action: none; cursor: grab; }
          #hud {
            position: absolute; top: 8px; left: 8px; margin: 0; padding: 6px 8px; background: rgba(0, 0, 0, 0.6);
            font: 12px/1.4 monospace; pointer-events: none; white-space: pre;
          }
          #hud:empty { display: none; }
          #video { position: absolute; width: 2px; height: 2px; opacity: 0; pointer-events: none; }
          footer { padding: 6px 16px; font-size: 12px; opacity: 0.7; }
        """#
}
