/// `/player.css`, the player page's styles.
enum PlayerStylesheet {
    static let css = PageResponse.file(source, contentType: "text/css; charset=utf-8")

    static let source = #"""
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
        """#
}
